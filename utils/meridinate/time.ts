/**
 * Timestamp handling for the Meridinate API (API.md §3).
 *
 * The backend mixes three conventions: naive UTC (`analysis_timestamp`, transaction `timestamp`), naive
 * server-local (credits `period_*`, ingest `last_*_run_at`) and explicit zones (HEAD's `…Z` / `…+00:00` /
 * `…-05:00`). `new Date(naive)` would read a naive value as *browser*-local time, which is wrong for both
 * naive conventions, so everything here parses the fields by hand and does the arithmetic on plain numbers.
 *
 * Pure module: no browser or extension API, and "now" is always a parameter so callers (and tests) control it.
 *
 * @module
 */
import type { ServerTime } from './domain';

/**
 * How to read a timestamp that carries no zone designator.
 *
 * - `'utc'`: the value is UTC wall time (e.g. `analysis_timestamp`, transaction `timestamp`).
 * - `'server-local'`: the value is the backend host's local wall time (e.g. credits/today `period_start`),
 *   i.e. UTC + the server offset.
 */
export type TimeBasis = 'utc' | 'server-local';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** Smallest and largest UTC offsets in use anywhere (Baker Island −12:00, Kiribati +14:00). */
const MIN_OFFSET_MIN = -720;
const MAX_OFFSET_MIN = 840;
/** How far outside the real offset range a measurement may land and still be blamed on clock skew. */
const OFFSET_TOLERANCE_MIN = 30;
/** Every offset in current use is a multiple of 15 minutes (+05:45 Nepal, +12:45 Chatham, −09:30 Marquesas). */
const OFFSET_STEP_MIN = 15;

/**
 * `YYYY-MM-DD[ T]HH:MM:SS[.f{1,6}][Z|±HH:MM]`, anchored at both ends so trailing junk is rejected.
 * Without the `u` flag `\d` matches ASCII digits only, so look-alike digits from other scripts fail too.
 */
const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})?$/;

/** A timestamp split into fields, validated, with the wall time already converted to "epoch as if UTC". */
interface ParsedTimestamp {
  /** Epoch ms of the wall-clock reading interpreted as UTC. */
  wallAsUtcMs: number;
  /** Explicit zone offset in minutes east of UTC, or `null` when the value is naive. */
  zoneOffsetMin: number | null;
  /** Whether the wall time is exactly 00:00:00 (fraction absent or all zeros, not merely truncated to 0 ms). */
  exactMidnight: boolean;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
 * Used instead of `Date.UTC` because `Date.UTC` silently maps years 0–99 to 1900–1999.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Parsed timestamps by their text: every poll brings back mostly the same rows. Bounded. */
const parsed = new Map<string, ParsedTimestamp | null>();
const PARSED_CACHE_SIZE = 4096;

/** Parses and range-checks a timestamp string; `null` for anything that is not a real calendar instant. */
function parseFields(value: unknown): ParsedTimestamp | null {
  if (typeof value !== 'string') return null;
  // A timestamp is at most 32 characters; anything longer is no timestamp and not worth remembering.
  if (value.length > 40) return parseFieldsOnce(value);
  let fields = parsed.get(value);
  if (fields === undefined) {
    fields = parseFieldsOnce(value);
    if (parsed.size >= PARSED_CACHE_SIZE) parsed.clear();
    parsed.set(value, fields);
  }
  return fields;
}

function parseFieldsOnce(value: string): ParsedTimestamp | null {
  const m = TIMESTAMP_RE.exec(value);
  if (m === null) return null;
  // The regex guarantees groups 1–6 exist; `?? ''` only satisfies `noUncheckedIndexedAccess`.
  const year = Number(m[1] ?? '');
  const month = Number(m[2] ?? '');
  const day = Number(m[3] ?? '');
  const hour = Number(m[4] ?? '');
  const minute = Number(m[5] ?? '');
  const second = Number(m[6] ?? '');
  if (month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  // Python never emits leap second 60 or hour 24, so they can only mean a corrupt value.
  if (hour > 23 || minute > 59 || second > 59) return null;

  // Truncate (not round) to ms: rounding .9995 would spill into the next second and past 23:59:59.
  const fraction = m[7];
  const millis = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));

  let zoneOffsetMin: number | null = null;
  const zone = m[8];
  if (zone !== undefined) {
    if (zone === 'Z') {
      zoneOffsetMin = 0;
    } else {
      const zoneHours = Number(zone.slice(1, 3));
      const zoneMinutes = Number(zone.slice(4, 6));
      // Python's isoformat allows any offset strictly below 24 h; anything else is malformed.
      if (zoneHours > 23 || zoneMinutes > 59) return null;
      const magnitude = zoneHours * 60 + zoneMinutes;
      zoneOffsetMin = zone.startsWith('-') ? -magnitude : magnitude;
    }
  }

  const msOfDay = ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  const exactMidnight = hour === 0 && minute === 0 && second === 0 && !/[1-9]/.test(fraction ?? '');
  return {
    wallAsUtcMs: daysFromCivil(year, month, day) * MS_PER_DAY + msOfDay,
    zoneOffsetMin,
    exactMidnight,
  };
}

/**
 * Converts an API timestamp to epoch milliseconds.
 *
 * Accepts exactly `YYYY-MM-DD[ T]HH:MM:SS[.f{1,6}][Z|±HH:MM]`, the forms the backend emits (§3). An explicit
 * zone (`Z` or `±HH:MM`) always wins over `basis`, because it states the truth about that value. A naive value
 * is read as UTC for `'utc'`; for `'server-local'` it is the server's wall time, which is UTC +
 * `serverOffsetMin`, so the instant is `wallAsUtc − serverOffsetMin · 60 000`. Fractional seconds are truncated
 * to milliseconds.
 *
 * Never calls `new Date(string)`: browsers read naive ISO date-times as browser-local time (API.md §3 step 1).
 *
 * @param value - The raw field; anything but a string gives `null`, so API bodies can be passed unchecked.
 * @param basis - How to read a naive value.
 * @param serverOffsetMin - Server offset in minutes east of UTC (e.g. +60 for CET, −300 for EST); only used for
 *   naive `'server-local'` values. Typically from {@link estimateServerOffsetMin}.
 * @returns Epoch ms, or `null` for non-strings, empty or malformed strings, impossible dates or times
 *   (2026-02-30, month 13, hour 24, minute 60), and a non-finite `serverOffsetMin` when it would be used.
 */
export function parseApiTimestamp(value: unknown, basis: TimeBasis, serverOffsetMin = 0): number | null {
  const parsed = parseFields(value);
  if (parsed === null) return null;
  if (parsed.zoneOffsetMin !== null) return parsed.wallAsUtcMs - parsed.zoneOffsetMin * MS_PER_MINUTE;
  if (basis === 'utc') return parsed.wallAsUtcMs;
  const ms = parsed.wallAsUtcMs - serverOffsetMin * MS_PER_MINUTE;
  // A non-finite or absurd offset gives no time rather than ±Infinity.
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Reads a server-local timestamp (credits `period_*`, ingest `last_*_run_at`) without its offset: a
 * naive value keeps its wall time, to be placed once the offset is known (`serverTimeMs`), while an
 * explicit zone gives the instant. `serverTimeMs(parseServerTime(v), off)` equals
 * `parseApiTimestamp(v, 'server-local', off)`.
 *
 * @returns The time, or `null` for anything {@link parseApiTimestamp} refuses.
 */
export function parseServerTime(value: unknown): ServerTime | null {
  const parsed = parseFields(value);
  if (parsed === null) return null;
  if (parsed.zoneOffsetMin === null) return { ms: parsed.wallAsUtcMs, naive: true };
  return { ms: parsed.wallAsUtcMs - parsed.zoneOffsetMin * MS_PER_MINUTE, naive: false };
}

/**
 * Like {@link parseServerTime}, for a value that must be an exact midnight (credits/today
 * `period_start` and `period_end`): anything else gives `null`: a
 * non-midnight value means the caller passed the wrong field (credits/range `period_start` is "now −
 * days"), and using it would shift the day boundary.
 */
export function parseServerMidnight(value: unknown): ServerTime | null {
  const parsed = parseFields(value);
  return parsed?.exactMidnight ? parseServerTime(value) : null;
}

/**
 * Estimates the backend's UTC offset from one of its naive server-local "now" readings (API.md §3 step 3).
 *
 * Feed it `period_end` of `/api/stats/credits/range?days=1` (`YYYY-MM-DDTHH:MM:SS.ffffff`, the server's local
 * "now") together with the client's clock at the moment the response arrived. The difference is the offset plus
 * client/server clock skew plus latency; rounding to the 15-minute grid that every real offset sits on removes
 * skew of up to ±7.5 minutes (exact ties round towards +∞, as `Math.round` does).
 *
 * The server's offset is only valid for the instant it was measured: across a DST change the same server gives a
 * different (equally correct) answer, so re-measure periodically (e.g. each time the backend reconnects).
 *
 * If the value carries an explicit zone, that zone is the server's offset and is returned directly (after the
 * same range check).
 *
 * @param serverNowLocal - The server's local "now", naive.
 * @param nowMs - The client's current epoch ms.
 * @returns Offset in minutes east of UTC (a multiple of 15, clamped to [−720, 840]); `null` when the string does
 *   not parse, `nowMs` is not finite, or the difference lies more than 30 minutes outside [−720, 840], which
 *   means a wrong clock or a non-local value rather than a time zone.
 */
export function estimateServerOffsetMin(serverNowLocal: string, nowMs: number): number | null {
  const parsed = parseFields(serverNowLocal);
  if (parsed === null || !Number.isFinite(nowMs)) return null;
  const rawMin =
    parsed.zoneOffsetMin !== null ? parsed.zoneOffsetMin : (parsed.wallAsUtcMs - nowMs) / MS_PER_MINUTE;
  if (rawMin < MIN_OFFSET_MIN - OFFSET_TOLERANCE_MIN || rawMin > MAX_OFFSET_MIN + OFFSET_TOLERANCE_MIN) {
    return null;
  }
  const rounded = Math.round(rawMin / OFFSET_STEP_MIN) * OFFSET_STEP_MIN;
  // `+ 0` turns a −0 (from rounding a small negative skew) into 0, so callers can compare with `===`/`Object.is`.
  return Math.min(MAX_OFFSET_MIN, Math.max(MIN_OFFSET_MIN, rounded)) + 0;
}
