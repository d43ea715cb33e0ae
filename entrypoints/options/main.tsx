import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Options } from '../../components/options/Options';
import '../../components/options/options.css';
import { extraOrigins, hasAccess, requestAccess } from '../../utils/ext/permissions';
import { MIN_POLL_SECONDS, settingsStorage } from '../../utils/ext/storage';
import { probeBackend } from '../../utils/meridinate/probe';
import type { Settings } from '../../utils/settings';

function App({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState(initial);
  const [missing, setMissing] = useState<string[]>([]);

  const checkAccess = async (s: Settings) => {
    const origins = extraOrigins(s);
    const lacking: string[] = [];
    for (const origin of origins) if (!(await hasAccess([origin]))) lacking.push(origin);
    setMissing(lacking);
  };
  useEffect(() => {
    checkAccess(settings).catch(() => {});
  }, [settings]);

  return (
    <Options
      settings={settings}
      minPollSeconds={MIN_POLL_SECONDS}
      missingAccess={missing}
      onSave={async (next) => {
        // The permission prompt must come straight from the click, before any other await.
        const granted = await requestAccess(extraOrigins(next)).catch(() => false);
        await settingsStorage.set(next);
        setSettings(next);
        return granted
          ? 'Saved.'
          : 'Saved, but access was not granted: the bar cannot work on the new origins yet.';
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

settingsStorage.get().then((settings) => {
  const app = document.getElementById('app');
  if (app) render(<App initial={settings} />, app);
});
