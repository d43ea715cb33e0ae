import { signal } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { ManagedFields } from '../../components/options/Locked';
import { MonthView } from '../../components/popup/MonthView';
import { Popup } from '../../components/popup/Popup';
import { t } from '../i18n';
import type { MovedPagesFinding } from '../moved-pages';
import { DEFAULT_SETTINGS, type ManagedField } from '../settings';
import { createEmptySnapshot } from '../snapshot/types';
import { derivePopupView } from '../view/popup-view';
import { exportDays, exportEvents } from './history-export';
import { historyStatusStorage, historyStorage, todayRowsStorage } from './history-storage';
import { connectHistoryView } from './history-viewer';
import { installMessages, uiLocale } from './i18n';
import { LOG_PREFIX } from './log';
import { getManagedPolicy, settingsStorage } from './managed';
import { movedPagesStorage } from './moved-pages';
import { missingAccess, requestAccess, watchAccess } from './permissions';
import { followItem, snapshotStorage } from './storage';
import { connectViewer } from './viewer';

/**
 * The popup's life: its state in signals fed by the storage items, the permissions and a clock,
 * the views derived from them at render time, and the browser calls its buttons make.
 */
export function mountPopup(app: HTMLElement): void {
  installMessages();
  document.title = t('popupTitle');
  document.documentElement.lang = uiLocale();
  const snapshot = signal(createEmptySnapshot());
  const settings = signal(DEFAULT_SETTINGS);
  const now = signal(Date.now());
  const missing = signal<string[]>([]);
  const movedPages = signal<MovedPagesFinding | null>(null);
  const managed = signal<readonly ManagedField[]>([]);
  const viewer = connectViewer('popup', true);
  const monthOpen = signal(false);
  const historyView = connectHistoryView();
  const history = signal<Awaited<ReturnType<typeof historyStorage.get>>>({});
  const historyStatus = signal<Awaited<ReturnType<typeof historyStatusStorage.get>>>(null);
  const todayRows = signal<Awaited<ReturnType<typeof todayRowsStorage.get>>>(null);
  Promise.all([historyStorage.get(), historyStatusStorage.get(), todayRowsStorage.get()])
    .then(([cache, status, rows]) => {
      history.value = cache;
      historyStatus.value = status;
      todayRows.value = rows;
    })
    .catch(() => {});
  historyStorage.watch((value) => {
    history.value = value;
  });
  historyStatusStorage.watch((value) => {
    historyStatus.value = value;
  });
  todayRowsStorage.watch((value) => {
    todayRows.value = value;
  });

  snapshotStorage.watch((value) => {
    snapshot.value = value;
  });
  followItem(movedPagesStorage, (value) => {
    movedPages.value = value;
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

  /** The kept rows when they are of the current API base and server day. */
  const todayRowsOf = (rows: typeof todayRows.value) =>
    rows?.apiBase === settings.value.apiBase && rows.dayStartMs === snapshot.value.credits?.dayStartMs
      ? rows
      : null;

  function App() {
    return (
      <Popup
        view={derivePopupView(snapshot.value, settings.value, now.value, uiLocale(), movedPages.value)}
        settings={settings.value}
        onRefresh={() => viewer.refresh()}
        onSettingsChange={(value) => {
          settings.value = value;
          settingsStorage.set(value).catch((error: unknown) => console.error(LOG_PREFIX, error));
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
        month={
          <MonthView
            open={monthOpen.value}
            onToggle={(open) => {
              monthOpen.value = open;
              historyView.setOpen(open);
            }}
            history={history.value[settings.value.apiBase]}
            status={historyStatus.value?.apiBase === settings.value.apiBase ? historyStatus.value : null}
            snapshot={snapshot.value}
            plan={settings.value.monthlyPlan}
            rowCount={todayRowsOf(todayRows.value)?.rows.length ?? 0}
            onExportEvents={() => exportEvents(todayRowsOf(todayRows.value), snapshot.value)}
            onExportDays={(days) => exportDays(days, snapshot.value)}
            locale={uiLocale()}
          />
        }
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
    render(<Root />, app);
  });
}
