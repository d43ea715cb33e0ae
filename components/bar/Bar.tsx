import { formatCount } from '../../utils/format';
import { t } from '../../utils/i18n';
import type { PageKind } from '../../utils/settings';
import { deriveNextStep } from '../../utils/snapshot/next-step';
import { countScannedToday } from '../../utils/snapshot/scanned';
import { deriveStatus, isStale, staleFigures } from '../../utils/snapshot/status';
import type { DescribedTime, Snapshot } from '../../utils/snapshot/types';
import { RecentCredits } from './RecentCredits';

export interface BarProps {
  snapshot: Snapshot;
  now: number;
  pollMs: number;
  page: PageKind;
  collapsed: boolean;
  onRefresh: () => void;
  onCollapsedChange: (collapsed: boolean) => void;
}

function Figure({
  label,
  value,
  short,
  title,
  stale,
}: {
  label: string;
  /** A shorter label for a narrow bar (swapped in by the style sheet; the full one stays the accessible text). */
  short?: string;
  value: string;
  title?: string;
  stale?: boolean;
}) {
  return (
    <div class={stale ? 'lcb-item lcb-stale' : 'lcb-item'} title={title}>
      <span class="lcb-label" data-short={short}>
        {label}:
      </span>
      <span class="lcb-value">{value}</span>
    </div>
  );
}

/** A past moment with the date it needs (`12:40`, `yesterday 23:10`, `Nov 27`); the full date in the tooltip. */
function When({ when, value }: { when?: DescribedTime; value?: boolean }) {
  return (
    <span class={value ? 'lcb-value' : 'lcb-muted'} title={when?.title}>
      {when?.text ?? '…'}
    </span>
  );
}

/** The live bar: status, the figures, Recent Credits and the controls, in one compact row. */
export function Bar({ snapshot, now, pollMs, page, collapsed, onRefresh, onCollapsedChange }: BarProps) {
  const status = deriveStatus(snapshot, now, pollMs);
  const stale = isStale(status.kind);
  // After a failure, when it tries again and what to do, visible without hovering.
  const next = deriveNextStep(snapshot, status, now);
  const dot = (
    <span class={`lcb-dot lcb-dot-${status.kind}${status.busy ? ' lcb-dot-busy' : ''}`} aria-hidden="true" />
  );

  if (collapsed) {
    return (
      <div class="lcb-pill-wrap">
        <button
          type="button"
          class="lcb-pill"
          aria-label={t('expand', status.label)}
          title={status.detail}
          onClick={() => onCollapsedChange(false)}
        >
          {dot}
          <span class="lcb-value">
            {snapshot.credits ? `${formatCount(snapshot.credits.total)} cr` : '—'}
          </span>
        </button>
      </div>
    );
  }

  const scanned = countScannedToday(snapshot);
  // Made by the background (budget, burn rate, which day): this bundle stays small.
  const summary = snapshot.summary;
  // A figure whose own endpoint failed, or that is older than two intervals, is stale even when
  // the others are fresh.
  const old = staleFigures(snapshot, now, pollMs).figures;
  const staleCredits = stale || summary?.failing?.c || old.includes('credits');
  const staleAnalysis =
    stale || summary?.failing?.a || old.includes('analysis') || snapshot.credits?.dayStartUnknown;
  const latest = snapshot.latest;
  const ingest = snapshot.ingest;
  const times = summary?.times;
  return (
    <section class="lcb-bar" aria-label={t('region')}>
      <Figure
        label={t('tokensScanned')}
        short={t('tokensScannedShort')}
        value={scanned === null ? '—' : formatCount(scanned)}
        title={summary?.day}
        stale={staleAnalysis}
      />
      <Figure
        label={t('creditsToday')}
        value={summary?.credits ?? '—'}
        title={summary?.creditsTitle}
        stale={staleCredits}
      />
      <div class={staleAnalysis ? 'lcb-item lcb-latest lcb-stale' : 'lcb-item lcb-latest'}>
        <span class="lcb-label">{t('latest')}:</span>
        {latest ? (
          <>
            <bdi class="lcb-value lcb-name" title={latest.rawName || latest.name}>
              {latest.name}
            </bdi>
            {latest.at !== null && <When when={times?.l} />}
          </>
        ) : (
          <span class="lcb-value">—</span>
        )}
      </div>
      {page === 'ingestion' && ingest && (
        <div class="lcb-item" title={t('ingestInfo')}>
          <span class="lcb-label">{t('lastIngest')}:</span>
          {ingest.ingestAt === null ? (
            <span class="lcb-value">{t('never')}</span>
          ) : (
            <When when={times?.i} value />
          )}
          {ingest.enrichAt !== null && (
            <span class="lcb-muted" title={times?.e?.title}>
              {t('enrich', times?.e?.text ?? '…')}
              {ingest.enrichCredits !== null ? ` (${formatCount(ingest.enrichCredits)} cr)` : ''}
            </span>
          )}
        </div>
      )}
      {/* The status sits with the controls on the right, so a changing label never shifts the figures. */}
      <div class="lcb-actions">
        <div class="lcb-status" role="status" title={status.detail}>
          {dot}
          <span class="lcb-status-text">{status.label}</span>
          {next && (
            <span class="lcb-next" data-short={next.short} data-shortest={next.shortest}>
              {next.text}
            </span>
          )}
        </div>
        <RecentCredits events={summary?.events ?? []} />
        <button
          type="button"
          class="lcb-icon-button"
          aria-label={t('refresh')}
          title={t('refreshNow')}
          disabled={status.busy}
          onClick={onRefresh}
        >
          ↻
        </button>
        <button
          type="button"
          class="lcb-icon-button"
          aria-label={t('collapseBar')}
          title={t('collapse')}
          onClick={() => onCollapsedChange(true)}
        >
          −
        </button>
      </div>
    </section>
  );
}
