/**
 * The bar's times in words, made by the background with the rest of the bar's words: `12:40`,
 * `yesterday 23:10`, `Nov 27`, each with its full date (and age in days) for the tooltip. Made
 * there because the date logic would weigh on the content script; the words are made again with
 * every snapshot written, which happens on every poll while a bar is on screen.
 */
import { formatWhen } from '../format';
import type { Snapshot } from '../snapshot/types';

/** A past moment in words (`12:40`, `yesterday 23:10`, `Nov 27`) and its full date for the tooltip. */
export interface DescribedTime {
  text: string;
  title: string;
}

/** Times with the date they need: `l` the latest analysis, `i` the last ingest run, `e` the last enrichment. */
export interface DescribedTimes {
  l?: DescribedTime;
  i?: DescribedTime;
  e?: DescribedTime;
}

const describe = (ms: number | null | undefined, now: number, locale?: string, timeZone?: string) =>
  ms == null ? undefined : (formatWhen(ms, now, locale, timeZone) satisfies DescribedTime);

/** The latest analysis's time and the last ingest and enrichment runs, in words. */
export function describeTimes(
  snapshot: Snapshot,
  now: number,
  locale?: string,
  timeZone?: string,
): DescribedTimes {
  return {
    l: describe(snapshot.latest?.at, now, locale, timeZone),
    i: describe(snapshot.ingest?.ingestAt, now, locale, timeZone),
    e: describe(snapshot.ingest?.enrichAt, now, locale, timeZone),
  };
}
