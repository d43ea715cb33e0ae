import { formatCount, formatDateTime } from '../../utils/format';
import type { PageKind, Settings } from '../../utils/settings';
import { creditBreakdown, describeDay, describeEvent } from '../../utils/snapshot/present';
import { countScannedToday } from '../../utils/snapshot/scanned';
import { deriveStatus, isStale } from '../../utils/snapshot/status';
import type { Snapshot } from '../../utils/snapshot/types';

export interface PopupProps {
  snapshot: Snapshot;
  settings: Settings;
  now: number;
  onRefresh: () => void;
  onSettingsChange: (settings: Settings) => void;
  onOpenPage: (page: PageKind) => void;
  onOpenOptions: () => void;
  /** App and API origins the extension may not access (e.g. withheld at install in Firefox MV3). */
  missingAccess?: string[];
  /** Asks for the missing access; called straight from the click. */
  onGrant?: () => void;
}

const PAGE_LABELS: Record<PageKind, string> = { tokens: 'Tokens', ingestion: 'Ingestion' };

/** The toolbar popup: today's figures, recent events, status and the overlay switches. */
export function Popup({
  snapshot,
  settings,
  now,
  onRefresh,
  onSettingsChange,
  onOpenPage,
  onOpenOptions,
  missingAccess = [],
  onGrant,
}: PopupProps) {
  const status = deriveStatus(snapshot, now, settings.pollSeconds * 1000);
  const stale = isStale(status.kind);
  const scanned = countScannedToday(snapshot);
  const day = describeDay(snapshot);
  const breakdown = creditBreakdown(snapshot);
  const maxCredits = breakdown[0]?.credits ?? 0;
  const latest = snapshot.latest;

  return (
    <main class="popup">
      <header class="popup-header">
        <h1>Live Credits</h1>
        <button type="button" class="popup-button" onClick={onRefresh} disabled={status.kind === 'updating'}>
          Refresh
        </button>
      </header>

      <section class={`popup-status popup-status-${status.kind}`} role="status" aria-live="polite">
        <span class={`popup-dot popup-dot-${status.kind}`} aria-hidden="true" />
        <div>
          <strong>{status.label}</strong>
          <p>{status.detail}</p>
        </div>
      </section>

      {missingAccess.length > 0 && (
        <section class="popup-access" role="alert" data-testid="popup-access">
          <p>
            No access to <bdi>{missingAccess.join(', ')}</bdi>: without it there is no bar in the app and no
            figures from the API.
          </p>
          <button type="button" class="popup-button" onClick={onGrant}>
            Grant access
          </button>
        </section>
      )}

      <section class={stale ? 'popup-figures popup-stale' : 'popup-figures'} aria-label="Today">
        <div class="popup-figure" title={day}>
          <span class="popup-label">API Credits Used Today</span>
          <span class="popup-value" data-testid="popup-credits">
            {snapshot.credits ? formatCount(snapshot.credits.total) : '—'}
          </span>
        </div>
        <div class="popup-figure" title={day}>
          <span class="popup-label">Tokens Scanned</span>
          <span class="popup-value" data-testid="popup-scanned">
            {scanned === null ? '—' : formatCount(scanned)}
          </span>
        </div>
        <div class="popup-figure popup-figure-wide">
          <span class="popup-label">Latest</span>
          {latest ? (
            <span class="popup-latest">
              <bdi class="popup-name" title={latest.rawName || latest.name}>
                {latest.name}
              </bdi>
              {latest.at !== null && (
                <span class="popup-muted popup-when">· {formatDateTime(latest.at, now)}</span>
              )}
            </span>
          ) : (
            <span class="popup-muted">No analysis yet</span>
          )}
        </div>
      </section>

      <section aria-labelledby="events-title">
        <h2 id="events-title">Recent credit events</h2>
        {snapshot.events.length === 0 ? (
          <p class="popup-muted">{snapshot.credits ? 'No credit events seen yet.' : 'Waiting for data…'}</p>
        ) : (
          <ol class="popup-events" data-testid="popup-events">
            {snapshot.events.slice(0, 15).map((event) => (
              <li key={event.id} class={event.analysis ? 'popup-event-analysis' : undefined}>
                <bdi>{describeEvent(event)}</bdi>
              </li>
            ))}
          </ol>
        )}
      </section>

      {breakdown.length > 0 && (
        <section aria-labelledby="breakdown-title">
          <h2 id="breakdown-title">Today by operation</h2>
          <ul class="popup-breakdown">
            {breakdown.slice(0, 8).map((row) => (
              <li key={row.operation}>
                <span class="popup-op">{row.operation}</span>
                <span class="popup-bar" aria-hidden="true">
                  <span style={{ width: `${Math.max(2, Math.round((row.credits / maxCredits) * 100))}%` }} />
                </span>
                <span class="popup-num">{formatCount(row.credits)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section class="popup-switches" aria-labelledby="overlay-title">
        <h2 id="overlay-title">Overlay</h2>
        <label class="popup-switch">
          <input
            type="checkbox"
            role="switch"
            aria-checked={settings.enabled}
            checked={settings.enabled}
            onChange={(e) => onSettingsChange({ ...settings, enabled: e.currentTarget.checked })}
          />
          Show the bar in the app
        </label>
        {(Object.keys(PAGE_LABELS) as PageKind[]).map((page) => (
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
            on the {PAGE_LABELS[page]} page
          </label>
        ))}
      </section>

      <footer class="popup-footer">
        <button type="button" class="popup-link" onClick={() => onOpenPage('tokens')}>
          Open Tokens
        </button>
        <button type="button" class="popup-link" onClick={() => onOpenPage('ingestion')}>
          Open Ingestion
        </button>
        <button type="button" class="popup-link" onClick={onOpenOptions}>
          Options
        </button>
      </footer>
    </main>
  );
}
