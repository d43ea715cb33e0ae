/**
 * Turns snapshot parts into the words the views show. Pure, so the wording is tested once and the
 * bar and the popup say the same thing.
 */
import { formatClock, formatCount } from '../format';
import { t } from '../i18n';
import type { CreditEvent, Snapshot } from '../snapshot/types';
import { type BurnRate, HOUR_MS, MINUTE_MS } from '../snapshot/usage';

/** `market_cap_refresh: 12 cr @ 12:34`, `wallet_balance ×20: 20 cr @ 12:34`, `Analysis finished: 205 cr @ 12:34`. */
export function describeEvent(event: CreditEvent, locale?: string, timeZone?: string): string {
  const name = event.analysis
    ? t('analysisDone')
    : event.count > 1
      ? `${event.operation} ×${event.count}`
      : event.operation;
  const at = event.at === null ? '' : ` @ ${formatClock(event.at, locale, timeZone)}`;
  return `${name}: ${formatCount(event.credits, locale)} cr${at}`;
}

/** The tooltip that says which "today" both figures describe. */
export function describeDay(snapshot: Snapshot, locale?: string, timeZone?: string): string {
  const start = snapshot.credits?.dayStartMs;
  if (start == null) return t('dayTitleUnknown');
  return t(
    snapshot.capabilities?.serverOffsetMin == null ? 'dayTitleApprox' : 'dayTitle',
    formatClock(start, locale, timeZone),
  );
}

/** The credits by operation, largest first, without 0-credit summary operations. */
export function creditBreakdown(snapshot: Snapshot): { operation: string; credits: number }[] {
  const byOperation = snapshot.credits?.byOperation ?? {};
  return Object.entries(byOperation)
    .filter(([, credits]) => credits > 0)
    .map(([operation, credits]) => ({ operation, credits }))
    .sort((a, b) => b.credits - a.credits || a.operation.localeCompare(b.operation));
}

/**
 * A figure rounded as an estimate should be: to 10 below 1,000, to two significant digits above
 * (`6,234` → `6,200`). Never below `floor` (a projection is never less than what is used already).
 */
export function roundEstimate(n: number, floor = 0): number {
  const step = n < 100 ? 1 : n < 1000 ? 10 : 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.max(floor, Math.round(n / step) * step);
}

/** `~350 cr/h · on pace for 6,200 today`, `~350 cr/h · too early to project`, or why there is no rate yet. */
export function describeBurnRate(
  rate: BurnRate,
  hasUsage: boolean,
  total: number | null,
  locale?: string,
): string {
  if (!hasUsage) return t('burnNoData');
  if (rate.perHour === null) return t('burnTooLittle', Math.round(rate.windowMs / MINUTE_MS));
  const perHour = formatCount(roundEstimate(rate.perHour), locale);
  const pace =
    rate.windowMs < HOUR_MS
      ? t('burnRatePartial', perHour, Math.round(rate.windowMs / MINUTE_MS))
      : t('burnRate', perHour);
  if (rate.tooEarly) return t('burnTooEarly', pace);
  if (rate.projection === null) return pace;
  return t('burnWithProjection', pace, formatCount(roundEstimate(rate.projection, total ?? 0), locale));
}
