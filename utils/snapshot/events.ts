import { cleanDisplayText } from '../format';
import type { Transaction } from '../meridinate/schemas';
import { parseApiTimestamp } from '../meridinate/time';
import type { CreditEvent } from './types';

/** Rows of one operation this close together (and adjacent by id) are one event. */
export const BURST_GAP_MS = 3000;

/**
 * Turns raw credit transactions (one per API call, in any order, possibly duplicated) into
 * readable events, newest first: sorted and de-duplicated by `id` (the app orders by timestamp
 * with no tie-break, so ids are the only reliable order), consecutive rows of one operation
 * within a few seconds merged, and 0-credit `token_analysis` summary rows kept as "analysis
 * finished" with the analysis's own total.
 */
export function buildCreditEvents(rows: readonly Transaction[], limit: number): CreditEvent[] {
  const byId = new Map<number, Transaction>();
  for (const row of rows) byId.set(row.id, row);
  const sorted = [...byId.values()].sort((a, b) => a.id - b.id);
  const events: CreditEvent[] = [];
  for (const row of sorted) {
    const at = parseApiTimestamp(row.timestamp, 'utc');
    const operation = cleanDisplayText(row.operation, 48) || 'unknown';
    if (row.operation === 'token_analysis' && row.credits === 0) {
      const total = row.context?.total_credits;
      events.push({
        id: row.id,
        firstId: row.id,
        operation,
        credits: typeof total === 'number' && Number.isSafeInteger(total) && total >= 0 ? total : 0,
        count: 1,
        at,
        analysis: true,
      });
      continue;
    }
    const last = events.at(-1);
    if (
      last &&
      !last.analysis &&
      last.operation === operation &&
      last.at !== null &&
      at !== null &&
      at - last.at <= BURST_GAP_MS &&
      at >= last.at
    ) {
      last.id = row.id;
      // Each row's credits are a safe integer; their sum must stay one too.
      last.credits = Math.min(Number.MAX_SAFE_INTEGER, last.credits + row.credits);
      last.count += 1;
      last.at = at;
      continue;
    }
    events.push({
      id: row.id,
      firstId: row.id,
      operation,
      credits: row.credits,
      count: 1,
      at,
      analysis: false,
    });
  }
  return events.reverse().slice(0, limit);
}

/**
 * Merges freshly built events into the ones already known, so an event that scrolled out of the
 * fetched page is not lost and an event seen twice is kept once (the newer build wins).
 */
export function mergeEvents(
  known: readonly CreditEvent[],
  fresh: readonly CreditEvent[],
  limit: number,
): CreditEvent[] {
  if (fresh.length === 0) return known.slice(0, limit);
  const oldestFresh = Math.min(...fresh.map((e) => e.firstId));
  const kept = known.filter((e) => e.id < oldestFresh);
  return [...fresh, ...kept].sort((a, b) => b.id - a.id).slice(0, limit);
}
