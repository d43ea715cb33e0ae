/**
 * The options page's life: the form with the stored settings, the access it needs, the moved-pages
 * offer, and any administrator locks.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ManagedFields } from '../../components/options/Locked';
import { Options } from '../../components/options/Options';
import { MovedPagesOffer } from '../../components/popup/MovedPagesOffer';
import { t } from '../i18n';
import { probeBackend } from '../meridinate/probe';
import { acceptMovedPages } from '../moved-pages';
import type { Settings } from '../settings';
import { installMessages, uiLocale } from './i18n';
import { LOG_PREFIX } from './log';
import { getManagedPolicy, settingsStorage } from './managed';
import { useMovedPagesOffer } from './moved-pages-offer';
import { extraOrigins, missingAccess, requestAccess, watchAccess } from './permissions';
import { MIN_POLL_SECONDS } from './storage';

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

/** The options page: its words, then the form with the stored settings and any administrator locks. */
export function mountOptions(app: HTMLElement): void {
  installMessages();
  document.title = t('optionsTitle');
  document.documentElement.lang = uiLocale();
  Promise.all([settingsStorage.get(), getManagedPolicy()])
    .then(([settings, policy]) => {
      render(
        <ManagedFields.Provider value={policy.fields}>
          <App initial={settings} />
        </ManagedFields.Provider>,
        app,
      );
    })
    .catch((error: unknown) => console.error(LOG_PREFIX, 'options not shown', error));
}
