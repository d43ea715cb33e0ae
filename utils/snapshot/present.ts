/**
 * Turns snapshot parts into the words the views show. Pure, so the wording is tested once and the
 * bar and the popup say the same thing.
 */
import { formatClock, formatCount } from '../format';
import type { CreditEvent, Snapshot } from './types';

/** `market_cap_refresh: 12 cr @ 12:34`, `wallet_balance ×20: 20 cr @ 12:34`, `Analysis finished: 205 cr @ 12:34`. */
export function describeEvent(event: CreditEvent, locale?: string, timeZone?: string): string {
  const name = event.analysis
    ? 'Analysis finished'
    : event.count > 1
      ? `${event.operation} ×${event.count}`
      : event.operation;
  const at = event.at === null ? '' : ` @ ${formatClock(event.at, locale, timeZone)}`;
  return `${name}: ${formatCount(event.credits, locale)} cr${at}`;
}

/** The tooltip that says which "today" both figures describe. */
export function describeDay(snapshot: Snapshot, locale?: string, timeZone?: string): string {
  const start = snapshot.credits?.dayStartMs;
  const approx =
    snapshot.capabilities?.serverOffsetMin == null
      ? ' (server time zone not known yet; assumed to be yours)'
      : '';
  if (start == null) return 'Today: the app’s credit day, from midnight server time.';
  return `Today: the app’s credit day, from midnight server time (${formatClock(start, locale, timeZone)} your time)${approx}.`;
}

/** The credits by operation, largest first, without 0-credit summary operations. */
export function creditBreakdown(snapshot: Snapshot): { operation: string; credits: number }[] {
  const byOperation = snapshot.credits?.byOperation ?? {};
  return Object.entries(byOperation)
    .filter(([, credits]) => credits > 0)
    .map(([operation, credits]) => ({ operation, credits }))
    .sort((a, b) => b.credits - a.credits || a.operation.localeCompare(b.operation));
}
