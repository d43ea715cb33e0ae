/**
 * Wall-clock arithmetic in named time zones for the back-end model, from the platform's own zone
 * rules (Intl), independent of the extension's offset code.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const caches = new Map<string, Map<number, number>>();
const QUARTER_HOUR = 15 * 60_000;

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC in minutes at instant `ms` (east positive). */
export function offsetMinAt(zone: string, ms: number): number {
  // Offsets change only on quarter hours in every real zone: cache per quarter hour.
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let cache = caches.get(zone);
  if (!cache) {
    cache = new Map();
    caches.set(zone, cache);
  }
  const hit = cache.get(bucket);
  if (hit !== undefined) return hit;
  const at = bucket * QUARTER_HOUR;
  const parts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 } as Record<string, number>;
  for (const p of formatter(zone).formatToParts(new Date(at))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const p = parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offset = Math.round((wall - at) / 60_000);
  if (cache.size > 200_000) cache.clear();
  cache.set(bucket, offset);
  return offset;
}

/** The zone's wall clock at `ms`, as a UTC-based epoch (read its UTC fields). */
export function wallMs(zone: string, ms: number): number {
  return ms + offsetMinAt(zone, ms) * 60_000;
}

const dayKeys = new Map<string, string>();
/** `YYYY-MM-DD` of the zone's date at `ms`. */
export function dayKey(zone: string, ms: number): string {
  // The date changes only on a quarter hour of the zone's wall clock: cache per quarter hour.
  const wall = wallMs(zone, ms);
  const id = `${zone} ${Math.floor(wall / QUARTER_HOUR)}`;
  let key = dayKeys.get(id);
  if (key === undefined) {
    key = new Date(wall).toISOString().slice(0, 10);
    if (dayKeys.size > 100_000) dayKeys.clear();
    dayKeys.set(id, key);
  }
  return key;
}

/** Epoch ms of the zone's midnight that starts the day `key` (`YYYY-MM-DD`). */
export function midnightMs(zone: string, key: string): number {
  const wall = Date.parse(`${key}T00:00:00Z`);
  let guess = wall - offsetMinAt(zone, wall) * 60_000;
  guess = wall - offsetMinAt(zone, guess) * 60_000;
  return guess;
}

/** The day after `key`. */
export function nextDayKey(key: string): string {
  return new Date(Date.parse(`${key}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Naive UTC `YYYY-MM-DDTHH:MM:SS` (or with a space), 1 s resolution. */
export function naiveUtc(ms: number, sep: 'T' | ' ' = 'T'): string {
  const s = new Date(ms).toISOString().slice(0, 19);
  return sep === 'T' ? s : s.replace('T', ' ');
}

/** Naive server-local `YYYY-MM-DDTHH:MM:SS.ffffff`. */
export function naiveLocalMicro(zone: string, ms: number): string {
  const iso = new Date(wallMs(zone, ms)).toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000`;
}
