import { signal } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { ManagedFields } from '../../components/options/Locked';
import { Popup } from '../../components/popup/Popup';
import '../../components/popup/popup.css';
import { installMessages, uiLocale } from '../../utils/ext/i18n';
import { getManagedPolicy, settingsStorage } from '../../utils/ext/managed';
import type { ManagedField } from '../../utils/ext/managed-policy';
import { missingAccess, requestAccess, watchAccess } from '../../utils/ext/permissions';
import { snapshotStorage } from '../../utils/ext/storage';
import { connectViewer } from '../../utils/ext/viewer';
import { t } from '../../utils/i18n';
import { DEFAULT_SETTINGS } from '../../utils/settings';
import { createEmptySnapshot } from '../../utils/snapshot/types';

installMessages();
document.title = t('popupTitle');
document.documentElement.lang = uiLocale();
const snapshot = signal(createEmptySnapshot());
const settings = signal(DEFAULT_SETTINGS);
const now = signal(Date.now());
const missing = signal<string[]>([]);
const managed = signal<readonly ManagedField[]>([]);
const viewer = connectViewer('popup', true);

snapshotStorage.watch((value) => {
  snapshot.value = value;
});
settingsStorage.watch((value) => {
  settings.value = value;
  checkAccess();
  readPolicy();
});
function readPolicy() {
  getManagedPolicy()
    .then((policy) => {
      managed.value = policy.fields;
    })
    .catch(() => {});
}
// Firefox MV3 lets the user withhold the host permissions at install: offer to grant them here.
function checkAccess() {
  missingAccess(settings.value)
    .then((value) => {
      missing.value = value;
    })
    .catch(() => {});
}
watchAccess(checkAccess);
setInterval(() => {
  now.value = Date.now();
}, 5_000);

function App() {
  return (
    <Popup
      snapshot={snapshot.value}
      settings={settings.value}
      now={now.value}
      onRefresh={() => viewer.refresh()}
      onSettingsChange={(value) => {
        settings.value = value;
        settingsStorage.set(value).catch((error: unknown) => console.error('[live-credits-bar]', error));
      }}
      onOpenPage={(page) => {
        const origin = settings.value.appOrigins[0] ?? DEFAULT_SETTINGS.appOrigins[0];
        browser.tabs.create({ url: `${origin}${settings.value.routes[page]}` }).catch(() => {});
        window.close();
      }}
      onOpenOptions={() => {
        browser.runtime.openOptionsPage().catch(() => {});
      }}
      missingAccess={missing.value}
      locale={uiLocale()}
      onGrant={() => {
        requestAccess(missing.value)
          .then((granted) => granted && viewer.refresh())
          .catch(() => {});
      }}
    />
  );
}

/** The settings an administrator set are locked in the popup too (the overlay switch). */
function Root() {
  return (
    <ManagedFields.Provider value={managed.value}>
      <App />
    </ManagedFields.Provider>
  );
}

Promise.all([snapshotStorage.get(), settingsStorage.get()]).then(([storedSnapshot, storedSettings]) => {
  snapshot.value = storedSnapshot;
  settings.value = storedSettings;
  checkAccess();
  readPolicy();
  const app = document.getElementById('app');
  if (app) render(<Root />, app);
});
