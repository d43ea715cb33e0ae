/**
 * The CSV downloads of the Month view, built from what the extension already holds (no request):
 * today's raw credit rows and the daily history.
 */
import { buildDailyCsv, buildEventsCsv } from '../history/csv';
import { serverDate } from '../history/dates';
import type { HistoryDay } from '../history/days';
import type { Snapshot } from '../snapshot/types';
import type { TodayRows } from './history-storage';

/** Saves `text` as a file through the page's download (a Blob URL, revoked afterwards). */
export function downloadCsv(name: string, text: string): void {
  // A byte-order mark so spreadsheets read the (UTF-8) names right.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The server day of the snapshot, for file names (`credits-2026-12-20.csv`). */
const dayOf = (snapshot: Snapshot) =>
  (snapshot.credits && serverDate(snapshot.credits.periodStart)) ?? 'unknown-day';

/** Today's credit rows, in the server's time. */
export function exportEvents(rows: TodayRows | null, snapshot: Snapshot): void {
  const offset = snapshot.capabilities?.serverOffsetMin ?? -new Date().getTimezoneOffset();
  downloadCsv(`credits-${dayOf(snapshot)}.csv`, buildEventsCsv(rows?.rows ?? [], offset));
}

/** The daily history (unknown days empty, not 0). */
export function exportDays(days: HistoryDay[], snapshot: Snapshot): void {
  downloadCsv(`credits-daily-${dayOf(snapshot)}.csv`, buildDailyCsv(days));
}
