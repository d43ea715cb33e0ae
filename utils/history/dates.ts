/**
 * Calendar dates of the server's day (`YYYY-MM-DD`), as plain strings. Pure arithmetic on the
 * calendar, never on instants: the server's dates come straight from its naive local timestamps, so
 * the browser's zone never enters.
 */

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** Days since 1970-01-01 of a `YYYY-MM-DD…` string, or null when it is no real date. */
function serial(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) return null;
  return ms / DAY_MS;
}

const fromSerial = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The date part of a naive server timestamp (`2026-11-21T16:35:30.458114` → `2026-11-21`), or null. */
export function serverDate(naive: string): string | null {
  const n = serial(naive);
  return n === null ? null : fromSerial(n);
}

/** `date` moved by `days` (negative: earlier). */
export function addDays(date: string, days: number): string {
  const n = serial(date);
  if (n === null) throw new RangeError(`not a date: ${date}`);
  return fromSerial(n + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const a = serial(from);
  const b = serial(to);
  if (a === null || b === null) throw new RangeError(`not a date: ${from} / ${to}`);
  return b - a;
}

/** Number of days in the month of `date`. */
export function daysInMonth(date: string): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** `date` with its day of the month replaced (clamped to the month's last day). */
export function withDay(date: string, day: number): string {
  const last = daysInMonth(date);
  return `${date.slice(0, 8)}${String(Math.min(Math.max(1, day), last)).padStart(2, '0')}`;
}

/** The same day-of-month rule one month earlier or later (`delta` months), clamped. */
export function shiftMonth(date: string, delta: number, day: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 + delta, 1)).toISOString().slice(0, 10);
  return withDay(first, day);
}

/** Epoch ms of UTC noon on `date`: a stable instant for formatting the date alone in UTC. */
export function dateNoonUtc(date: string): number {
  const n = serial(date);
  if (n === null) throw new RangeError(`not a date: ${date}`);
  return n * DAY_MS + DAY_MS / 2;
}
