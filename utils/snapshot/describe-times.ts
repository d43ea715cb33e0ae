/**
 * The bar's times in words, made by the background with the rest of the summary: `12:40`,
 * `yesterday 23:10`, `Nov 27`, each with its full date (and age in days) for the tooltip. Made
 * here because the date logic would weigh on the content script; the summary is made again with
 * every snapshot written, which happens on every poll while a bar is on screen.
 */
import { formatWhen } from '../format';
import type { DescribedTime, Snapshot, SnapshotSummary } from './types';

const describe = (ms: number | null | undefined, now: number, locale?: string, timeZone?: string) =>
  ms == null ? undefined : (formatWhen(ms, now, locale, timeZone) satisfies DescribedTime);

/** The latest analysis's time and the last ingest and enrichment runs, in words. */
export function describeTimes(
  snapshot: Snapshot,
  now: number,
  locale?: string,
  timeZone?: string,
): NonNullable<SnapshotSummary['times']> {
  return {
    l: describe(snapshot.latest?.at, now, locale, timeZone),
    i: describe(snapshot.ingest?.ingestAt, now, locale, timeZone),
    e: describe(snapshot.ingest?.enrichAt, now, locale, timeZone),
  };
}
