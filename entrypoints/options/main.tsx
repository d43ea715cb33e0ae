import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ManagedFields } from '../../components/options/Locked';
import { Options } from '../../components/options/Options';
import { MovedPagesOffer } from '../../components/popup/MovedPagesOffer';
import '../../components/options/options.css';
import { installMessages, uiLocale } from '../../utils/ext/i18n';
import { LOG_PREFIX } from '../../utils/ext/log';
import { getManagedPolicy, settingsStorage } from '../../utils/ext/managed';
import { useMovedPagesOffer } from '../../utils/ext/moved-pages-offer';
import { extraOrigins, missingAccess, requestAccess, watchAccess } from '../../utils/ext/permissions';
import { MIN_POLL_SECONDS } from '../../utils/ext/storage';
import { t } from '../../utils/i18n';
import { probeBackend } from '../../utils/meridinate/probe';
import { acceptMovedPages } from '../../utils/moved-pages';
import type { Settings } from '../../utils/settings';

installMessages();
document.title = t('optionsTitle');
document.documentElement.lang = uiLocale();

function App({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState(initial);
  const [missing, setMissing] = useState<string[]>([]);
  const moved = useMovedPagesOffer(settings);
  // The form keeps a draft of the settings it was opened with: a new key starts it afresh.
  const [generation, setGeneration] = useState(0);

  // Built-in origins too: Firefox MV3 may withhold the manifest's host permissions.
  const checkAccess = async (s: Settings) => setMissing(await missingAccess(s));
  useEffect(() => {
    const check = () => {
      checkAccess(settings).catch(() => {});
    };
    check();
    return watchAccess(check);
  }, [settings]);

  return (
    <>
      {moved && (
        // Above the form, in its column.
        <div class="options" style={{ paddingBottom: 0 }}>
          <MovedPagesOffer
            offer={moved}
            onAccept={() => {
              if (!moved) return;
              const next = acceptMovedPages(settings, moved);
              settingsStorage
                .set(next)
                .then(() => {
                  setSettings(next);
                  setGeneration(generation + 1);
                })
                .catch((error: unknown) => console.error(LOG_PREFIX, error));
            }}
          />
        </div>
      )}
      <Options
        key={generation}
        settings={settings}
        minPollSeconds={MIN_POLL_SECONDS}
        missingAccess={missing}
        onSave={async (next) => {
          // The permission prompt must come straight from the click, before any other await. A budget
          // or a monthly plan asks for notifications in the same prompt.
          const origins = extraOrigins(next);
          const alerts = next.budget !== null || next.monthlyPlan !== null;
          const granted = await requestAccess(origins, alerts ? ['notifications'] : []).catch(() => false);
          await settingsStorage.set(next);
          setSettings(next);
          if (granted) return t('saved');
          return t(origins.length > 0 ? 'savedNoAccess' : 'savedNoNotifications');
        }}
        onTest={(apiBase) => probeBackend(apiBase, (input, init) => fetch(input, init))}
        onGrant={() => {
          requestAccess(missing)
            .then(() => checkAccess(settings))
            .catch(() => {});
        }}
      />
    </>
  );
}

Promise.all([settingsStorage.get(), getManagedPolicy()]).then(([settings, policy]) => {
  const app = document.getElementById('app');
  if (app) {
    render(
      <ManagedFields.Provider value={policy.fields}>
        <App initial={settings} />
      </ManagedFields.Provider>,
      app,
    );
  }
});
