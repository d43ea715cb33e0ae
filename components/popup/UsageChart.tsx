import { formatClock, formatCount } from '../../utils/format';
import { t } from '../../utils/i18n';
import { type DayChart, HOUR_MS } from '../../utils/snapshot/usage';
import { CHART_WIDTH, ChartBar, ChartFrame, ChartLabel } from './ChartFrame';

export interface UsageChartProps {
  chart: DayChart;
  /** Today's credits (`credits/today`). */
  total: number;
  locale?: string;
  timeZone?: string;
}

const LABEL_EVERY = 6;

/** The sentence a screen reader gets instead of the bars (and everyone gets under them). */
export function describeUsageChart(
  { chart, total, locale, timeZone }: UsageChartProps,
  clock = (ms: number) => formatClock(ms, locale, timeZone),
): string {
  const parts = [t('chartTotal', formatCount(total, locale))];
  let busiest = -1;
  chart.hours.forEach((credits, hour) => {
    if (credits > 0 && (busiest < 0 || credits > (chart.hours[busiest] ?? 0))) busiest = hour;
  });
  if (busiest >= 0) {
    parts.push(
      t(
        'chartBusiest',
        clock(chart.dayStartMs + busiest * HOUR_MS),
        formatCount(chart.hours[busiest] ?? 0, locale),
      ),
    );
  }
  if (chart.partialSince !== null) parts.push(t('chartPartial', clock(chart.partialSince)));
  if (chart.unattributed > 0) parts.push(t('chartUnattributed', formatCount(chart.unattributed, locale)));
  return parts.join(' ');
}

/**
 * Today's credits per hour of the app's credit day, as a small inline SVG (no chart library): one
 * bar per hour, hours before the extension started watching drawn as empty outlines, the current
 * hour lighter, and the same picture in words for screen readers.
 */
export function UsageChart(props: UsageChartProps) {
  const { chart, locale, timeZone } = props;
  const clock = (ms: number) => formatClock(ms, locale, timeZone);
  // Axis labels: the hour alone (`6 AM`, `06 Uhr`), in the user's locale and zone.
  const hourLabel = new Intl.DateTimeFormat(locale, { hour: 'numeric', timeZone });
  const slots = Math.max(24, chart.hours.length);
  const slot = CHART_WIDTH / slots;
  const max = Math.max(1, ...chart.hours);
  const current = chart.hours.length - 1;
  return (
    <ChartFrame
      testId="popup-chart"
      summaryId="chart-summary"
      summary={describeUsageChart(props, clock)}
      scale={t('chartMax', formatCount(max, locale))}
    >
      {chart.hours.map((credits, hour) => {
        const start = chart.dayStartMs + hour * HOUR_MS;
        const unwatched = chart.partialSince !== null && start + HOUR_MS <= chart.partialSince;
        return (
          <ChartBar
            key={start}
            index={hour}
            slot={slot}
            credits={credits}
            max={max}
            outline={unwatched}
            kind={
              unwatched
                ? 'popup-chart-unwatched'
                : hour === current
                  ? 'popup-chart-bar popup-chart-now'
                  : 'popup-chart-bar'
            }
            title={
              unwatched
                ? t('chartBarUnwatched', clock(start), clock(start + HOUR_MS))
                : t('chartBar', clock(start), clock(start + HOUR_MS), formatCount(credits, locale))
            }
          />
        );
      })}
      {Array.from({ length: Math.ceil(slots / LABEL_EVERY) }, (_, i) => i * LABEL_EVERY).map((hour) => (
        <ChartLabel key={hour} x={hour * slot + 1}>
          {hourLabel.format(chart.dayStartMs + hour * HOUR_MS)}
        </ChartLabel>
      ))}
    </ChartFrame>
  );
}
