import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ManagedFields } from '../../components/options/Locked';
import { Options } from '../../components/options/Options';
import '../../components/options/options.css';
import { installMessages, uiLocale } from '../../utils/ext/i18n';
import { getManagedPolicy, settingsStorage } from '../../utils/ext/managed';
import { extraOrigins, missingAccess, requestAccess, watchAccess } from '../../utils/ext/permissions';
import { MIN_POLL_SECONDS } from '../../utils/ext/storage';
import { t } from '../../utils/i18n';
import { probeBackend } from '../../utils/meridinate/probe';
import type { Settings } from '../../utils/settings';

installMessages();
document.title = t('optionsTitle');
document.documentElement.lang = uiLocale();

function App({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState(initial);
  const [missing, setMissing] = useState<string[]>([]);

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
    <Options
      settings={settings}
      minPollSeconds={MIN_POLL_SECONDS}
      missingAccess={missing}
      onSave={async (next) => {
        // The permission prompt must come straight from the click, before any other await. A budget
        // asks for notifications in the same prompt.
        const origins = extraOrigins(next);
        const granted = await requestAccess(origins, next.budget === null ? [] : ['notifications']).catch(
          () => false,
        );
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
