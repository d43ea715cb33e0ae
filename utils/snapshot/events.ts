import type { CreditTransaction } from '../meridinate/domain';
import type { CreditEvent } from './types';

/** Rows of one operation this close together (and adjacent by id) are one event. */
export const BURST_GAP_MS = 3000;
/**
 * Folded runs of 0-credit rows kept besides the real events. HEAD writes a 0-credit
 * `position_check` about every 30 s: counted like charges they would push every real one out.
 */
export const MAX_ZERO_EVENTS = 5;

/**
 * A run of 0-credit calls (`position_check ×12: 0 cr`): not a charge. A finished analysis is a
 * 0-credit row too, but it carries the analysis's total and is kept as a charge.
 */
export function isZeroEvent(event: CreditEvent): boolean {
  return !event.analysis && event.credits === 0;
}

/** The newest `count` events that cost credits: what "Recent Credits" lists. */
export function recentCharges(events: readonly CreditEvent[], count: number): CreditEvent[] {
  return events.filter((event) => !isZeroEvent(event)).slice(0, count);
}

/**
 * Keeps `limit` charges, newest first, and the folded 0-credit runs among them (at most
 * {@link MAX_ZERO_EVENTS}), so 0-credit rows never push a charge out of the snapshot. Adjacent runs
 * of one 0-credit operation (split across two fetched pages) become one.
 */
function capEvents(newestFirst: readonly CreditEvent[], limit: number): CreditEvent[] {
  const out: CreditEvent[] = [];
  let charges = 0;
  let zeros = 0;
  for (const event of newestFirst) {
    if (charges >= limit) break;
    if (!isZeroEvent(event)) {
      charges += 1;
      out.push(event);
      continue;
    }
    const previous = out.at(-1);
    if (previous && isZeroEvent(previous) && previous.operation === event.operation) {
      out[out.length - 1] = {
        ...previous,
        firstId: Math.min(previous.firstId, event.firstId),
        count: previous.count + event.count,
      };
    } else if (zeros < MAX_ZERO_EVENTS) {
      zeros += 1;
      out.push(event);
    }
  }
  return out;
}

/**
 * Turns credit transactions (one per API call, in any order, possibly duplicated) into readable
 * events, newest first: sorted and de-duplicated by `id` (the app orders by timestamp with no
 * tie-break, so ids are the only reliable order), consecutive rows of one operation within a few
 * seconds merged, and 0-credit analysis summary rows kept as "analysis finished" with the
 * analysis's own total. Other 0-credit rows of one operation fold into one run however far apart
 * (until a charge comes between), and never count against `limit`.
 */
export function buildCreditEvents(rows: readonly CreditTransaction[], limit: number): CreditEvent[] {
  const byId = new Map<number, CreditTransaction>();
  for (const row of rows) byId.set(row.id, row);
  const sorted = [...byId.values()].sort((a, b) => a.id - b.id);
  const events: CreditEvent[] = [];
  for (const row of sorted) {
    const { at, label: operation } = row;
    if (row.analysis && row.credits === 0) {
      events.push({
        id: row.id,
        firstId: row.id,
        operation,
        credits: row.total ?? 0,
        count: 1,
        at,
        analysis: true,
      });
      continue;
    }
    const last = events.at(-1);
    const zero = row.credits === 0;
    const sameRun =
      last &&
      !last.analysis &&
      last.operation === operation &&
      // 0-credit rows fold whatever the gap; charges only within a burst.
      (zero
        ? last.credits === 0
        : last.credits > 0 &&
          last.at !== null &&
          at !== null &&
          at - last.at <= BURST_GAP_MS &&
          at >= last.at);
    if (last && sameRun) {
      last.id = row.id;
      // Each row's credits are a safe integer; their sum must stay one too.
      last.credits = Math.min(Number.MAX_SAFE_INTEGER, last.credits + row.credits);
      last.count += 1;
      last.at = at ?? last.at;
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
  return capEvents(events.reverse(), limit);
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
  if (fresh.length === 0) return capEvents(known, limit);
  const oldestFresh = Math.min(...fresh.map((e) => e.firstId));
  const kept = known.filter((e) => e.id < oldestFresh);
  return capEvents(
    [...fresh, ...kept].sort((a, b) => b.id - a.id),
    limit,
  );
}
