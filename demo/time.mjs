// Server clock, server time zone and the timestamp formats Meridinate uses (API.md §3).
// Zone offsets come from Intl, so they are correct across DST changes.

const DAY_MS = 86_400_000;

/** @type {Map<string, Intl.DateTimeFormat>} */
const formatters = new Map();

/** @param {string} tz */
function formatter(tz) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The time zone of this process (TZ env or system). */
export function processTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** @param {string} tz */
export function isValidTimeZone(tz) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Wall-clock parts of an instant in a zone.
 * @param {string} tz
 * @param {number} ms
 * @returns {{ y: number, m: number, d: number, h: number, mi: number, s: number }}
 */
export function localParts(tz, ms) {
  /** @type {Record<string, number>} */
  const p = {};
  for (const part of formatter(tz).formatToParts(new Date(Math.floor(ms / 1000) * 1000))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return {
    y: p.year ?? 1970,
    m: p.month ?? 1,
    d: p.day ?? 1,
    h: (p.hour ?? 0) % 24,
    mi: p.minute ?? 0,
    s: p.second ?? 0,
  };
}

/**
 * UTC offset of the zone at an instant, in minutes (e.g. -360 for CST).
 * @param {string} tz
 * @param {number} ms
 */
export function zoneOffsetMin(tz, ms) {
  const p = localParts(tz, ms);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * Instant (UTC ms) at which the local date y-m-d begins in the zone (normally 00:00 local;
 * the first existing instant of the day when midnight falls into a DST gap).
 * @param {string} tz
 * @param {number} y
 * @param {number} m 1-12
 * @param {number} d
 */
export function startOfLocalDate(tz, y, m, d) {
  const guess = Date.UTC(y, m - 1, d);
  const off1 = zoneOffsetMin(tz, guess);
  let t = guess - off1 * 60_000;
  const off2 = zoneOffsetMin(tz, t);
  if (off2 !== off1) t = guess - off2 * 60_000;
  const target = Date.UTC(y, m - 1, d);
  // Midnight inside a DST gap: step forward to the first instant of the local day.
  for (let i = 0; i < 12; i++) {
    const p = localParts(tz, t);
    if (Date.UTC(p.y, p.m - 1, p.d) >= target) break;
    t += 15 * 60_000;
  }
  return t;
}

/**
 * Server-local midnight (start of the local day containing ms), as a UTC instant.
 * @param {string} tz
 * @param {number} ms
 */
export function localMidnight(tz, ms) {
  const p = localParts(tz, ms);
  return startOfLocalDate(tz, p.y, p.m, p.d);
}

/**
 * Start of the local day `days` days after the local day containing ms.
 * @param {string} tz
 * @param {number} ms
 * @param {number} days
 */
export function localDayStartPlus(tz, ms, days) {
  const p = localParts(tz, ms);
  const shifted = new Date(Date.UTC(p.y, p.m - 1, p.d + days));
  return startOfLocalDate(tz, shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** @param {number} ms */
export function utcMidnight(ms) {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** @param {number} n @param {number} [w] */
const pad = (n, w = 2) => String(n).padStart(w, '0');

/** @param {{y:number,m:number,d:number}} p */
const ymd = (p) => `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`;
/** @param {{h:number,mi:number,s:number}} p */
const hms = (p) => `${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`;

/** @param {number} ms */
function utcParts(ms) {
  const d = new Date(ms);
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
  };
}

/** Naive UTC with a space: "YYYY-MM-DD HH:MM:SS" (tokens). @param {number} ms */
export function fmtUtcSpace(ms) {
  const p = utcParts(ms);
  return `${ymd(p)} ${hms(p)}`;
}

/** Naive UTC with T: "YYYY-MM-DDTHH:MM:SS" (transactions, operation log). @param {number} ms */
export function fmtUtcT(ms) {
  const p = utcParts(ms);
  return `${ymd(p)}T${hms(p)}`;
}

/** UTC with Z: "YYYY-MM-DDTHH:MM:SSZ" (status-bar by_job). @param {number} ms */
export function fmtUtcZ(ms) {
  return `${fmtUtcT(ms)}Z`;
}

/** UTC with +00:00: "YYYY-MM-DDTHH:MM:SS+00:00" (HEAD next_refresh_at). @param {number} ms */
export function fmtUtcOffset(ms) {
  return `${fmtUtcT(ms)}+00:00`;
}

/** UTC date "YYYY-MM-DD". @param {number} ms */
export function utcDate(ms) {
  return ymd(utcParts(ms));
}

/** Local date "YYYY-MM-DD". @param {string} tz @param {number} ms */
export function localDate(tz, ms) {
  return ymd(localParts(tz, ms));
}

/** Six fractional digits: the millisecond part plus three sub-millisecond digits. @param {number} ms */
function micro(ms) {
  const milli = ((Math.floor(ms) % 1000) + 1000) % 1000;
  const sub = Math.floor((performance.now() % 1) * 1000);
  return `${pad(milli, 3)}${pad(sub, 3)}`;
}

/** Naive server-local midnight: "YYYY-MM-DDT00:00:00". @param {string} tz @param {number} ms */
export function fmtLocalMidnightNaive(tz, ms) {
  return `${localDate(tz, ms)}T00:00:00`;
}

/** Naive server-local with microseconds: "YYYY-MM-DDTHH:MM:SS.ffffff". @param {string} tz @param {number} ms */
export function fmtLocalMicro(tz, ms) {
  const p = localParts(tz, ms);
  return `${ymd(p)}T${hms(p)}.${micro(ms)}`;
}

/**
 * Naive wall-clock arithmetic like Python's `datetime.now() - timedelta(days=n)`:
 * local wall time of ms minus n×24 h of wall time, formatted with microseconds.
 * @param {string} tz
 * @param {number} ms
 * @param {number} days
 */
export function fmtLocalMicroMinusDays(tz, ms, days) {
  const p = localParts(tz, ms);
  const wall = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - days * DAY_MS;
  const q = utcParts(wall);
  return `${ymd(q)}T${hms(q)}.${micro(ms)}`;
}

/** @param {number} offMin */
export function fmtOffset(offMin) {
  const sign = offMin < 0 ? '-' : '+';
  const a = Math.abs(offMin);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Aware server-local: "YYYY-MM-DDTHH:MM:SS.ffffff±HH:MM" (status-bar timers). @param {string} tz @param {number} ms */
export function fmtLocalAware(tz, ms) {
  return `${fmtLocalMicro(tz, ms)}${fmtOffset(zoneOffsetMin(tz, ms))}`;
}

/** Parses the naive UTC formats back to ms. @param {string} s */
export function parseUtcNaive(s) {
  return Date.parse(`${s.slice(0, 19).replace(' ', 'T')}Z`);
}

/**
 * The server clock: real time plus an adjustable offset.
 */
export class Clock {
  /** @param {number} [offsetMs] */
  constructor(offsetMs = 0) {
    this.offsetMs = offsetMs;
  }
  now() {
    return Date.now() + this.offsetMs;
  }
}

export { DAY_MS };
