import type { ComponentChildren } from 'preact';
import { type MessageKey, t } from '../../utils/i18n';
import { acceptMovedPages } from '../../utils/moved-pages';
import type { PageKind, Settings } from '../../utils/settings';
import type { PopupView } from '../../utils/view/popup-view';
import { Locked } from '../options/Locked';
import { MovedPagesOffer } from './MovedPagesOffer';
import { UsageChart } from './UsageChart';

export interface PopupProps {
  /** What the popup says about today's data, derived by `derivePopupView`. */
  view: PopupView;
  settings: Settings;
  onRefresh: () => void;
  onSettingsChange: (settings: Settings) => void;
  onOpenPage: (page: PageKind) => void;
  onOpenOptions: () => void;
  /** App and API origins the extension may not access (e.g. withheld at install in Firefox MV3). */
  missingAccess?: string[];
  /** Asks for the missing access; called straight from the click. */
  onGrant?: () => void;
  /** Locale for numbers and times (the words' language); default: the runtime's. */
  locale?: string;
  /** The Month view, shown under today's chart. */
  month?: ComponentChildren;
}

const PAGE_SWITCHES: Record<PageKind, MessageKey> = { tokens: 'onTokensPage', ingestion: 'onIngestionPage' };
/** Splits a message around its one substitution, so the substitution can go in its own element. */
const MARK = '\u2063';
const around = (key: MessageKey): [string, string] => {
  const [before = '', after = ''] = t(key, MARK).split(MARK);
  return [before, after];
};

/** The toolbar popup: today's figures, recent events, status and the overlay switches. */
export function Popup({
  view,
  settings,
  onRefresh,
  onSettingsChange,
  onOpenPage,
  onOpenOptions,
  missingAccess = [],
  onGrant,
  locale,
  month,
}: PopupProps) {
  const { status, moved, latest } = view;
  const noAccess = around('noAccess');

  return (
    <main class="popup">
      <header class="popup-header">
        <h1>{t('popupTitle')}</h1>
        <button type="button" class="popup-button" onClick={onRefresh} disabled={status.busy}>
          {t('refresh')}
        </button>
      </header>

      <section class={`popup-status popup-status-${status.kind}`} role="status" aria-live="polite">
        <span
          class={`popup-dot popup-dot-${status.kind}${status.busy ? ' popup-dot-busy' : ''}`}
          aria-hidden="true"
        />
        <div>
          <strong>{status.label}</strong>
          <p>{status.detail}</p>
        </div>
      </section>

      <MovedPagesOffer
        offer={moved}
        onAccept={() => moved && onSettingsChange(acceptMovedPages(settings, moved))}
      />

      {missingAccess.length > 0 && (
        <section class="popup-access" role="alert" data-testid="popup-access">
          <p>
            {noAccess[0]}
            <bdi>{missingAccess.join(', ')}</bdi>
            {noAccess[1]}
          </p>
          <button type="button" class="popup-button" onClick={onGrant}>
            {t('grantAccess')}
          </button>
        </section>
      )}

      <section class={view.stale ? 'popup-figures popup-stale' : 'popup-figures'} aria-label={t('today')}>
        <div class={`popup-figure popup-budget-${view.level}`} title={view.day}>
          <span class="popup-label">{t('creditsToday')}</span>
          <span class="popup-value">
            <span data-testid="popup-credits">{view.credits}</span>
            {view.budget !== null && (
              <span class="popup-of" data-testid="popup-budget">
                {' / '}
                {view.budget}
              </span>
            )}
          </span>
        </div>
        <div class="popup-figure" title={view.day}>
          <span class="popup-label">{t('tokensScanned')}</span>
          <span class="popup-value" data-testid="popup-scanned">
            {view.scanned}
          </span>
        </div>
        <div class="popup-figure popup-figure-wide">
          <span class="popup-label">{t('latest')}</span>
          {latest ? (
            <span class="popup-latest">
              <bdi class="popup-name" title={latest.title}>
                {latest.name}
              </bdi>
              {latest.when && (
                <span class="popup-muted popup-when" title={latest.when.title}>
                  · {latest.when.text}
                </span>
              )}
            </span>
          ) : (
            <span class="popup-muted">{t('noAnalysis')}</span>
          )}
        </div>
      </section>

      {view.burn && (
        <p class="popup-muted popup-burn" data-testid="popup-burn">
          {view.burn}
        </p>
      )}

      {view.chart && (
        <section aria-labelledby="chart-title">
          <h2 id="chart-title">{t('chartTitle')}</h2>
          <UsageChart chart={view.chart.chart} total={view.chart.total} locale={locale} />
        </section>
      )}

      {month}

      <section aria-labelledby="events-title">
        <h2 id="events-title">{t('recentList')}</h2>
        {view.events.length === 0 ? (
          <p class="popup-muted">{t(view.noEvents)}</p>
        ) : (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls; the keyboard must reach it to scroll it
          <ol class="popup-events" data-testid="popup-events" tabIndex={0} aria-labelledby="events-title">
            {view.events.map((event) => (
              <li key={event.id} class={event.tone ? `popup-event-${event.tone}` : undefined}>
                <bdi>{event.text}</bdi>
              </li>
            ))}
          </ol>
        )}
      </section>

      {view.breakdown.length > 0 && (
        <section aria-labelledby="breakdown-title">
          <h2 id="breakdown-title">{t('byOperation')}</h2>
          <ul class="popup-breakdown">
            {view.breakdown.map((row) => (
              <li key={row.operation}>
                <span class="popup-op">{row.operation}</span>
                <span class="popup-bar" aria-hidden="true">
                  <span style={{ width: `${row.width}%` }} />
                </span>
                <span class="popup-num">{row.value}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section class="popup-switches" aria-labelledby="overlay-title">
        <h2 id="overlay-title">{t('overlay')}</h2>
        <Locked field="enabled">
          <label class="popup-switch">
            <input
              type="checkbox"
              role="switch"
              aria-checked={settings.enabled}
              checked={settings.enabled}
              onChange={(e) => onSettingsChange({ ...settings, enabled: e.currentTarget.checked })}
            />
            {t('showBar')}
          </label>
        </Locked>
        {!settings.enabled && (
          <p class="popup-muted" data-testid="popup-overlay-off">
            {t('overlayOffNote')}
          </p>
        )}
        {(Object.keys(PAGE_SWITCHES) as PageKind[]).map((page) => (
          <label key={page} class="popup-switch popup-switch-sub">
            <input
              type="checkbox"
              checked={settings.pages[page]}
              disabled={!settings.enabled}
              onChange={(e) =>
                onSettingsChange({
                  ...settings,
                  pages: { ...settings.pages, [page]: e.currentTarget.checked },
                })
              }
            />
            {t(PAGE_SWITCHES[page])}
          </label>
        ))}
      </section>

      <footer class="popup-footer">
        <button type="button" class="popup-link" onClick={() => onOpenPage('tokens')}>
          {t('openTokens')}
        </button>
        {!view.ingestionGone && (
          <button type="button" class="popup-link" onClick={() => onOpenPage('ingestion')}>
            {t('openIngestion')}
          </button>
        )}
        <button type="button" class="popup-link" onClick={onOpenOptions}>
          {t('options')}
        </button>
      </footer>
    </main>
  );
}
