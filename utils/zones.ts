/**
 * Time-zone facts from the browser's own zone database (Intl), for a server known only by its
 * offset from UTC now: its zone is not in the API.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

/** The offset from UTC in minutes of `zone` at `ms`, or null when the browser cannot tell. */
export function zoneOffsetAt(zone: string, ms: number): number | null {
  let format = formats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      return null;
    }
    formats.set(zone, format);
  }
  const name = format.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
  if (name === 'GMT') return 0;
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

let last: { key: string; changed: boolean } | null = null;

/**
 * Whether some time zone that is `offsetMin` from UTC at `toMs` was at another offset at `fromMs`:
 * a server first seen at `toMs` with that offset may then have changed its clock in between (a
 * DST change), and the API cannot tell. False when the browser lists no zones.
 */
export function offsetMayHaveChanged(offsetMin: number, fromMs: number, toMs: number): boolean {
  // The answer changes only with the hour (changes fall on whole quarter hours at most).
  const key = `${offsetMin} ${fromMs} ${Math.floor(toMs / 900_000)}`;
  if (last?.key === key) return last.changed;
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  let changed = false;
  for (const zone of zones) {
    if (zoneOffsetAt(zone, toMs) !== offsetMin) continue;
    const before = zoneOffsetAt(zone, fromMs);
    if (before !== null && before !== offsetMin) {
      changed = true;
      break;
    }
  }
  last = { key, changed };
  return changed;
}
