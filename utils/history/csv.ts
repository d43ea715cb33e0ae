/**
 * CSV exports (RFC 4180: CRLF lines, fields with a comma, quote or line break quoted, quotes
 * doubled). Operation and token names are chosen by whoever writes to the back end, so a text
 * that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return) gets a leading apostrophe: it shows as text and never runs. Pure.
 */
import type { HistoryDay } from './days';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: numbers as they are, text neutralised and quoted when needed. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole CSV document. */
export function buildCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]) {
  return [header, ...rows]
    .map((row) => row.map(csvField).join(','))
    .join('\r\n')
    .concat('\r\n');
}

/** A raw credit row of today, as kept for the export. */
export interface CreditRow {
  id: number;
  operation: string;
  credits: number;
  /** UTC epoch ms, or null when the app gave no time. */
  at: number | null;
  tokenId: number | null;
  /** The token's mint address from a summary row's context, when there is one. */
  mint: string | null;
}

/** `YYYY-MM-DD HH:MM:SS` in the server's time (UTC + offset). */
export function formatServerTime(at: number, offsetMin: number): string {
  return new Date(at + offsetMin * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Today's credit events, oldest first: id, server time, operation, credits, token. */
export function buildEventsCsv(rows: readonly CreditRow[], offsetMin: number): string {
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  return buildCsv(
    ['id', 'server_time', 'operation', 'credits', 'token'],
    sorted.map((r) => [
      r.id,
      r.at === null ? null : formatServerTime(r.at, offsetMin),
      r.operation,
      r.credits,
      r.mint ?? (r.tokenId === null ? null : String(r.tokenId)),
    ]),
  );
}

/** The daily history, oldest first: date, credits (empty when not known), state. */
export function buildDailyCsv(days: readonly HistoryDay[]): string {
  return buildCsv(
    ['date', 'credits', 'state'],
    days.map((d) => [d.date, d.credits, d.state]),
  );
}

/** Most rows kept for today's export: an analysis writes dozens, a busy day a few thousand. */
export const MAX_ROWS = 2000;

/** `kept` and `fresh` merged by id (fresh wins), only rows at or after `dayStartMs`, newest `MAX_ROWS`. */
export function mergeRows(kept: readonly CreditRow[], fresh: readonly CreditRow[], dayStartMs: number) {
  const byId = new Map<number, CreditRow>();
  for (const r of [...kept, ...fresh]) if (r.at !== null && r.at >= dayStartMs) byId.set(r.id, r);
  return [...byId.values()].sort((a, b) => a.id - b.id).slice(-MAX_ROWS);
}
