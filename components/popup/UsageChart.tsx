import { formatClock, formatCount } from '../../utils/format';
import { t } from '../../utils/i18n';
import { type DayChart, HOUR_MS } from '../../utils/snapshot/usage';

export interface UsageChartProps {
  chart: DayChart;
  /** Today's credits (`credits/today`). */
  total: number;
  locale?: string;
  timeZone?: string;
}

const WIDTH = 300;
const HEIGHT = 64;
/** Room above the tallest bar for the scale's label. */
const PLOT_TOP = 12;
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
  const slot = WIDTH / slots;
  const max = Math.max(1, ...chart.hours);
  const current = chart.hours.length - 1;
  const summary = describeUsageChart(props, clock);
  return (
    <figure class="popup-chart" data-testid="popup-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 14}`} width="100%" role="img" aria-labelledby="chart-summary">
        <title>{summary}</title>
        <line class="popup-chart-axis" x1={0} x2={WIDTH} y1={HEIGHT + 0.5} y2={HEIGHT + 0.5} />
        <text class="popup-chart-label" x={WIDTH} y={8} text-anchor="end">
          {t('chartMax', formatCount(max, locale))}
        </text>
        {chart.hours.map((credits, hour) => {
          const start = chart.dayStartMs + hour * HOUR_MS;
          const unwatched = chart.partialSince !== null && start + HOUR_MS <= chart.partialSince;
          const plot = HEIGHT - PLOT_TOP;
          const height = unwatched ? plot : Math.max(credits > 0 ? 2 : 0, (credits / max) * plot);
          const title = unwatched
            ? t('chartBarUnwatched', clock(start), clock(start + HOUR_MS))
            : t('chartBar', clock(start), clock(start + HOUR_MS), formatCount(credits, locale));
          return (
            <rect
              key={start}
              class={
                unwatched
                  ? 'popup-chart-unwatched'
                  : hour === current
                    ? 'popup-chart-bar popup-chart-now'
                    : 'popup-chart-bar'
              }
              x={hour * slot + 1}
              y={HEIGHT - height}
              width={Math.max(1, slot - 2)}
              height={height}
            >
              <title>{title}</title>
            </rect>
          );
        })}
        {Array.from({ length: Math.ceil(slots / LABEL_EVERY) }, (_, i) => i * LABEL_EVERY).map((hour) => (
          <text key={hour} class="popup-chart-label" x={hour * slot + 1} y={HEIGHT + 12}>
            {hourLabel.format(chart.dayStartMs + hour * HOUR_MS)}
          </text>
        ))}
      </svg>
      <figcaption id="chart-summary" class="popup-muted popup-chart-summary">
        {summary}
      </figcaption>
    </figure>
  );
}
