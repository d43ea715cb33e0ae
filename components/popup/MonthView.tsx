import { formatClock, formatCount } from '../../utils/format';
import { serverDate } from '../../utils/history/dates';
import { deriveHistoryDays, type HistoryDay, type OriginHistory } from '../../utils/history/days';
import { currentPeriod, type MonthlyPlan, summarizePeriod, summarizeWindow } from '../../utils/history/plan';
import { formatServerDay, formatShort } from '../../utils/history/words';
import { t } from '../../utils/i18n';
import type { Snapshot } from '../../utils/snapshot/types';
import { CHART_WIDTH, ChartBar, ChartFrame, ChartLabel } from './ChartFrame';

/** What the history fetch is doing (`historyStatus` in storage). */
export interface MonthStatus {
  state: 'idle' | 'loading' | 'error';
  message?: string;
  nextAt?: number;
}

export interface MonthViewProps {
  open: boolean;
  onToggle: (open: boolean) => void;
  /** The cached past days of the current API base. */
  history: OriginHistory | undefined;
  status: MonthStatus | null;
  snapshot: Snapshot;
  plan: MonthlyPlan | null;
  /** Today's raw rows kept for the export. */
  rowCount: number;
  onExportEvents: () => void;
  onExportDays: (days: HistoryDay[]) => void;
  locale?: string;
}

const LABEL_EVERY = 7;

/** The chart in words, for screen readers and under the bars. */
export function describeMonthChart(days: readonly HistoryDay[], locale?: string): string {
  const total = days.reduce((sum, d) => sum + (d.credits ?? 0), 0);
  const unknown = days.filter((d) => d.state === 'unknown' || d.state === 'pending').length;
  return unknown > 0
    ? t('monthChartSummary', formatCount(total, locale), unknown)
    : t('monthChartSummaryKnown', formatCount(total, locale));
}

function dayTitle(day: HistoryDay, locale?: string): string {
  const date = formatServerDay(day.date, locale);
  switch (day.state) {
    case 'unknown':
      return t('monthChartUnknown', date);
    case 'pending':
      return t('monthChartPending', date);
    case 'today':
      return t('monthChartToday', date, formatCount(day.credits ?? 0, locale));
    case 'known':
      return t('monthChartDay', date, formatCount(day.credits ?? 0, locale));
  }
}

/** Credits per server day over the last 30 days: unknown days outlined, days still loading dashed. */
function MonthChart({ days, locale }: { days: HistoryDay[]; locale?: string }) {
  const slot = CHART_WIDTH / days.length;
  const max = Math.max(1, ...days.map((d) => d.credits ?? 0));
  return (
    <ChartFrame
      testId="month-chart"
      summaryId="month-summary"
      summary={describeMonthChart(days, locale)}
      scale={formatShort(max, locale)}
    >
      {days.map((day, i) => (
        <ChartBar
          key={day.date}
          index={i}
          slot={slot}
          credits={day.credits ?? 0}
          max={max}
          outline={day.state === 'unknown' || day.state === 'pending'}
          kind={
            day.state === 'unknown'
              ? 'popup-chart-unwatched'
              : day.state === 'pending'
                ? 'popup-chart-pending'
                : day.state === 'today'
                  ? 'popup-chart-bar popup-chart-now'
                  : 'popup-chart-bar'
          }
          title={dayTitle(day, locale)}
          data-date={day.date}
          data-state={day.state}
        />
      ))}
      {days.map((day, i) =>
        (days.length - 1 - i) % LABEL_EVERY === 0 ? (
          <ChartLabel key={day.date} x={Math.min(i * slot + 1, CHART_WIDTH - 30)}>
            {formatServerDay(day.date, locale)}
          </ChartLabel>
        ) : null,
      )}
    </ChartFrame>
  );
}

function statusLine(status: MonthStatus | null, locale?: string): string {
  if (!status) return t('historyLoading');
  const when = status.nextAt ? formatClock(status.nextAt, locale) : '';
  if (status.state === 'error') return t('historyError', status.message ?? '', when);
  if (status.state === 'loading') return status.nextAt ? t('historyLoadingAt', when) : t('historyLoading');
  return t('historyDone');
}

/**
 * The popup's Month view: month to date (or the plan cycle), the projection, the last 30 server
 * days as bars, the busiest day, the average, and the CSV exports. Past days load only while it is
 * open (the entrypoint tells the background).
 */
export function MonthView(props: MonthViewProps) {
  const { open, onToggle, history, status, snapshot, rowCount, locale } = props;
  const credits = snapshot.credits;
  const today = credits && serverDate(credits.periodStart);
  return (
    <section class="popup-month" aria-labelledby="month-toggle">
      <h2>
        <button
          type="button"
          id="month-toggle"
          class="popup-disclosure"
          aria-expanded={open}
          aria-controls="month-panel"
          onClick={() => onToggle(!open)}
        >
          {t('monthTab')}
        </button>
      </h2>
      {open && (
        <div id="month-panel" data-testid="month-panel">
          {credits && today ? (
            <MonthFigures {...props} today={today} todayCredits={credits.total} />
          ) : (
            <p class="popup-muted">{t('waitingForData')}</p>
          )}
          <p class="popup-muted" role="status" data-testid="month-status">
            {statusLine(status, locale)}
          </p>
          <div class="popup-export">
            <button
              type="button"
              class="popup-button"
              onClick={props.onExportEvents}
              disabled={rowCount === 0}
            >
              {t('exportEvents')}
            </button>
            <button
              type="button"
              class="popup-button"
              disabled={!today}
              onClick={() =>
                today && props.onExportDays(deriveHistoryDays(history, today, credits?.total ?? null))
              }
            >
              {t('exportDays')}
            </button>
          </div>
          <p class="popup-muted">{t('exportEventsCount', formatCount(rowCount, locale))}</p>
        </div>
      )}
    </section>
  );
}

function MonthFigures({
  history,
  plan,
  locale,
  today,
  todayCredits,
}: MonthViewProps & { today: string; todayCredits: number }) {
  // A plan cycle can be 31 days long: sum over 31, chart the last 30.
  const all = deriveHistoryDays(history, today, todayCredits, 31);
  const days = all.slice(-30);
  const period = currentPeriod(today, plan);
  const summary = summarizePeriod(all, today, period);
  const window = summarizeWindow(days, today);
  return (
    <>
      <div class="popup-figure popup-figure-wide">
        <span class="popup-label">
          {plan ? t('planCycleLabel', formatServerDay(period.start, locale)) : t('monthToDate')}
        </span>
        <span class="popup-value" data-testid="month-total">
          {plan
            ? t('planCycleUsed', formatShort(summary.total, locale), formatShort(plan.credits, locale))
            : formatCount(summary.total, locale)}
        </span>
      </div>
      {summary.missing > 0 && (
        <p class="popup-muted" data-testid="month-missing">
          {t('monthMissing', summary.missing)}
        </p>
      )}
      {/* With days missing the note above says why; otherwise too few whole days is the reason. */}
      {(summary.projected !== null || summary.missing === 0) && (
        <p class="popup-muted" data-testid="month-pace">
          {summary.projected === null
            ? t('noPaceYet')
            : t('onPace', formatShort(summary.projected, locale), formatServerDay(summary.lastDay, locale))}
        </p>
      )}
      <h3>{t('monthTitle')}</h3>
      <MonthChart days={days} locale={locale} />
      {window.busiest && (
        <p class="popup-muted" data-testid="month-busiest">
          {t(
            'monthBusiest',
            formatServerDay(window.busiest.date, locale),
            formatCount(window.busiest.credits ?? 0, locale),
          )}
        </p>
      )}
      {window.average !== null && (
        <p class="popup-muted" data-testid="month-average">
          {t('monthAverage', formatCount(Math.round(window.average), locale), window.knownDays)}
        </p>
      )}
    </>
  );
}
