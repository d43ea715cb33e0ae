import { t } from '../../utils/i18n';
import type { BarView, Shown } from '../../utils/view/bar-view';
import { RecentCredits } from './RecentCredits';

export interface BarProps {
  /** Everything the bar says, derived by `deriveBarView`. */
  view: BarView;
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

/**
 * A past moment with the date it needs (`12:40`, `yesterday 23:10`, `Nov 27`, `enrich 12:00 (40 cr)`);
 * the full date in the tooltip.
 */
function When({ when, value }: { when: Shown; value?: boolean }) {
  return (
    <span class={value ? 'lcb-value' : 'lcb-muted'} title={when.title}>
      {when.text}
    </span>
  );
}

/** The live bar: status, the figures, Recent Credits and the controls, in one compact row. */
export function Bar({ view, collapsed, onRefresh, onCollapsedChange }: BarProps) {
  const { status, next, latest, ingest } = view;
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
          <span class="lcb-value">{view.pill}</span>
        </button>
      </div>
    );
  }

  return (
    <section class="lcb-bar" aria-label={t('region')}>
      <Figure label={t('tokensScanned')} short={t('tokensScannedShort')} {...view.scanned} />
      <Figure label={t('creditsToday')} short={t('creditsTodayShort')} {...view.credits} />
      <div class={view.scanned.stale ? 'lcb-item lcb-latest lcb-stale' : 'lcb-item lcb-latest'}>
        <span class="lcb-label">{t('latest')}:</span>
        {latest ? (
          <>
            <bdi class="lcb-value lcb-name" title={latest.title}>
              {latest.name}
            </bdi>
            {latest.when && <When when={latest.when} />}
          </>
        ) : (
          <span class="lcb-value">—</span>
        )}
      </div>
      {ingest && (
        <div class="lcb-item" title={t('ingestInfo')}>
          <span class="lcb-label">{t('lastIngest')}:</span>
          <When when={ingest.last} value />
          {ingest.enrich && <When when={ingest.enrich} />}
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
        <RecentCredits events={view.events} />
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
