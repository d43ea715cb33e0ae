import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { naiveUtc, wallMs } from '../../tests/sim/tz';
import { serverTimeMs } from './domain';
import { estimateServerOffsetMin, parseApiTimestamp, parseServerMidnight, type TimeBasis } from './time';

const MIN = 60_000;
const DAY = 86_400_000;

/** Reads a fixture body recorded from the real backend (tests/fixtures/meridinate). */
function fixture(path: string): unknown {
  return JSON.parse(
    readFileSync(new URL(`../../tests/fixtures/meridinate/${path}`, import.meta.url), 'utf8'),
  );
}

/** Collects every string value in a JSON body that looks like a timestamp, with the key it sits under. */
function timestampStrings(body: unknown): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (/^\d{4}-\d{2}-\d{2}[ T]\d/.test(v)) found.push([key, v]);
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item, key);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) walk(item, k);
    }
  };
  walk(body, '');
  return found;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The naive `YYYY-MM-DDTHH:MM:SS.ffffff` a server with a fixed offset would print at epoch `ms` (like Python). */
function naiveAtOffset(ms: number, offsetMin: number): string {
  const d = new Date(ms + offsetMin * MIN);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}123`
  );
}

/** The naive wall time a server in IANA zone `timeZone` would print at epoch `ms` (uses the tz database). */
function naiveInZone(ms: number, timeZone: string): string {
  return `${naiveUtc(wallMs(timeZone, ms))}.000000`;
}

describe('parseApiTimestamp: conventions (API.md §3)', () => {
  const base = Date.UTC(2026, 10, 23, 22, 20, 5);
  it.each<[string, string, TimeBasis, number]>([
    ['naive UTC with a space (analysis_timestamp)', '2026-11-23 22:20:05', 'utc', base],
    ['naive UTC with T (transaction timestamp)', '2026-11-23T22:20:05', 'utc', base],
    [
      'microseconds (credits/range period_end)',
      '2025-11-21T16:35:30.458114',
      'utc',
      Date.UTC(2025, 10, 21, 16, 35, 30, 458),
    ],
    ['one fraction digit is tenths', '2026-11-23T22:20:05.5', 'utc', base + 500],
    ['two fraction digits are hundredths', '2026-11-23T22:20:05.12', 'utc', base + 120],
    ['three fraction digits are ms', '2026-11-23T22:20:05.007', 'utc', base + 7],
    ['fraction is truncated, not rounded', '2026-11-23T22:20:05.999999', 'utc', base + 999],
    ['fraction truncation below 1 ms', '2026-11-23T22:20:05.000999', 'utc', base],
    ['space separator with fraction', '2026-11-23 22:20:05.25', 'utc', base + 250],
    ['Z (by_job.*.last_run_at)', '2026-11-23T22:16:50Z', 'utc', Date.UTC(2026, 10, 23, 22, 16, 50)],
    [
      '+00:00 with micro (next_run_at)',
      '2026-11-23T22:46:52.879368+00:00',
      'utc',
      Date.UTC(2026, 10, 23, 22, 46, 52, 879),
    ],
    ['-00:00 is UTC too', '2026-11-23T22:20:05-00:00', 'utc', base],
    ['+05:30', '2026-11-23T22:20:05+05:30', 'utc', Date.UTC(2026, 10, 23, 16, 50, 5)],
    ['+05:45', '2026-11-23T22:20:05+05:45', 'utc', Date.UTC(2026, 10, 23, 16, 35, 5)],
    ['-05:00 (timers.*.next_run_at)', '2026-11-23T22:20:05-05:00', 'utc', Date.UTC(2026, 10, 24, 3, 20, 5)],
    ['-09:30', '2026-11-23T22:20:05-09:30', 'utc', Date.UTC(2026, 10, 24, 7, 50, 5)],
    [
      '+14:00 crosses the date line backwards',
      '2026-11-24T05:00:00+14:00',
      'utc',
      Date.UTC(2026, 10, 23, 15),
    ],
    ['space separator with offset', '2026-11-23 22:20:05+01:00', 'utc', Date.UTC(2026, 10, 23, 21, 20, 5)],
    ['micro + offset', '2026-11-23T22:20:05.123456-05:00', 'utc', Date.UTC(2026, 10, 24, 3, 20, 5, 123)],
  ])('%s: %s', (_label, input, basis, expected) => {
    expect(parseApiTimestamp(input, basis)).toBe(expected);
  });
});

describe('parseApiTimestamp: basis and server offset', () => {
  const naive = '2026-11-23T00:00:00';
  it.each<[number, number]>([
    [0, Date.UTC(2026, 10, 23)],
    [60, Date.UTC(2026, 10, 22, 23)],
    [120, Date.UTC(2026, 10, 22, 22)],
    [-300, Date.UTC(2026, 10, 23, 5)],
    [-240, Date.UTC(2026, 10, 23, 4)],
    [330, Date.UTC(2026, 10, 22, 18, 30)],
    [345, Date.UTC(2026, 10, 22, 18, 15)],
    [-210, Date.UTC(2026, 10, 23, 3, 30)],
    [-570, Date.UTC(2026, 10, 23, 9, 30)],
    [-600, Date.UTC(2026, 10, 23, 10)],
    [765, Date.UTC(2026, 10, 22, 11, 15)],
    [840, Date.UTC(2026, 10, 22, 10)],
    [-720, Date.UTC(2026, 10, 23, 12)],
  ])('server-local midnight at offset %i', (offset, expected) => {
    expect(parseApiTimestamp(naive, 'server-local', offset)).toBe(expected);
  });

  it.each([0, 60, -300, 330, 345, -600, Number.NaN])('utc basis ignores server offset %d', (offset) => {
    expect(parseApiTimestamp('2026-11-23 22:20:05', 'utc', offset)).toBe(Date.UTC(2026, 10, 23, 22, 20, 5));
  });

  it('server-local defaults to offset 0', () => {
    expect(parseApiTimestamp('2026-11-23T22:20:05', 'server-local')).toBe(Date.UTC(2026, 10, 23, 22, 20, 5));
  });

  it('server-local with micro and offset', () => {
    expect(parseApiTimestamp('2026-05-01T23:08:27.866528', 'server-local', -300)).toBe(
      Date.UTC(2026, 4, 2, 4, 8, 27, 866),
    );
  });

  it.each<[string, TimeBasis, number, number]>([
    ['2026-11-23T22:16:50Z', 'server-local', 60, Date.UTC(2026, 10, 23, 22, 16, 50)],
    ['2026-11-23T22:16:50Z', 'server-local', -300, Date.UTC(2026, 10, 23, 22, 16, 50)],
    ['2026-11-23T22:16:50+00:00', 'server-local', 330, Date.UTC(2026, 10, 23, 22, 16, 50)],
    ['2026-11-23T17:16:50-05:00', 'server-local', 60, Date.UTC(2026, 10, 23, 22, 16, 50)],
    ['2026-11-23T17:16:50-05:00', 'utc', 0, Date.UTC(2026, 10, 23, 22, 16, 50)],
    ['2026-11-24T03:46:50+05:30', 'server-local', Number.NaN, Date.UTC(2026, 10, 23, 22, 16, 50)],
  ])('explicit zone wins over basis: %s (%s, %d)', (input, basis, offset, expected) => {
    expect(parseApiTimestamp(input, basis, offset)).toBe(expected);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'a naive server-local value with a non-finite offset %d is null',
    (offset) => {
      expect(parseApiTimestamp('2026-11-23T00:00:00', 'server-local', offset)).toBeNull();
    },
  );
});

describe('parseApiTimestamp: calendar and midnight edges', () => {
  it.each<[string, number]>([
    ['2026-11-23T23:59:59', Date.UTC(2026, 10, 23, 23, 59, 59)],
    ['2026-11-24T00:00:00', Date.UTC(2026, 10, 24)],
    ['2026-11-23T23:59:59.999999', Date.UTC(2026, 10, 24) - 1],
    ['2026-12-31T23:59:59', Date.UTC(2026, 11, 31, 23, 59, 59)],
    ['2027-01-01T00:00:00', Date.UTC(2027, 0, 1)],
    ['2028-02-29T00:00:00', Date.UTC(2028, 1, 29)],
    ['2028-02-29 23:59:59', Date.UTC(2028, 1, 29, 23, 59, 59)],
    ['2000-02-29T12:00:00', Date.UTC(2000, 1, 29, 12)],
    ['2026-02-28T23:59:59', Date.UTC(2026, 1, 28, 23, 59, 59)],
    ['2026-03-01T00:00:00', Date.UTC(2026, 2, 1)],
    ['2026-04-30T00:00:00', Date.UTC(2026, 3, 30)],
    ['2026-01-31T00:00:00', Date.UTC(2026, 0, 31)],
    ['1970-01-01T00:00:00', 0],
    ['1969-12-31T23:59:59', -1000],
    ['2038-01-19T03:14:08', 2 ** 31 * 1000],
    ['9999-12-31T23:59:59', Date.UTC(9999, 11, 31, 23, 59, 59)],
    // Date.UTC would map year 50 to 1950; the hand-rolled day count must not.
    ['0050-01-01T00:00:00', Date.UTC(2050, 0, 1) - 2000 * 365.2425 * DAY],
  ])('%s', (input, expected) => {
    expect(parseApiTimestamp(input, 'utc')).toBe(expected);
  });

  it('23:59:59 and the next 00:00:00 are exactly one second apart', () => {
    const a = parseApiTimestamp('2026-11-23T23:59:59', 'server-local', -300);
    const b = parseApiTimestamp('2026-11-24T00:00:00', 'server-local', -300);
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect((b ?? 0) - (a ?? 0)).toBe(1000);
  });

  it.each([
    '2026-02-29T00:00:00',
    '2100-02-29T00:00:00',
    '1900-02-29T00:00:00',
    '2026-02-30T00:00:00',
    '2028-02-30T00:00:00',
    '2026-04-31T00:00:00',
    '2026-06-31T00:00:00',
    '2026-09-31T00:00:00',
    '2026-11-31T00:00:00',
    '2026-01-32T00:00:00',
    '2026-00-10T00:00:00',
    '2026-13-01T00:00:00',
    '2026-11-00T00:00:00',
    '2026-11-23T24:00:00',
    '2026-11-23T25:00:00',
    '2026-11-23T23:60:00',
    '2026-11-23T23:59:60',
    '2026-11-23T99:99:99',
  ])('impossible date or time %s is null', (input) => {
    expect(parseApiTimestamp(input, 'utc')).toBeNull();
    expect(parseApiTimestamp(input, 'server-local', 60)).toBeNull();
  });
});

describe('parseApiTimestamp: invalid inputs', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['number', 123],
    ['epoch ms number', 1_795_000_000_000],
    ['boolean', true],
    ['Date object', new Date(0)],
    ['object', { timestamp: '2026-11-23 22:20:05' }],
    ['array', ['2026-11-23 22:20:05']],
    ['String object', new String('2026-11-23 22:20:05')],
    ['empty string', ''],
    ['whitespace', '   '],
    ['garbage', 'garbage'],
    ['date only', '2026-11-23'],
    ['no seconds', '2026-11-23T22:20'],
    ['hour 25', '2026-11-23T25:00:00'],
    ['trailing junk', '2026-11-23T22:20:05junk'],
    ['trailing junk after Z', '2026-11-23T22:20:05Zjunk'],
    ['trailing space', '2026-11-23T22:20:05 '],
    ['trailing newline', '2026-11-23T22:20:05\n'],
    ['leading space', ' 2026-11-23T22:20:05'],
    ['zone name', '2026-11-23 22:20:05 UTC'],
    ['two spaces', '2026-11-23  22:20:05'],
    ['lowercase t', '2026-11-23t22:20:05'],
    ['lowercase z', '2026-11-23T22:20:05z'],
    ['empty fraction', '2026-11-23T22:20:05.'],
    ['seven fraction digits', '2026-11-23T22:20:05.1234567'],
    ['comma fraction', '2026-11-23T22:20:05,123'],
    ['offset without colon', '2026-11-23T22:20:05+0530'],
    ['offset hours only', '2026-11-23T22:20:05+05'],
    ['offset 24:00', '2026-11-23T22:20:05+24:00'],
    ['offset minute 60', '2026-11-23T22:20:05+05:60'],
    ['offset and Z', '2026-11-23T22:20:05Z+00:00'],
    ['two-digit year', '26-11-23T22:20:05'],
    ['expanded year', '+002026-11-23T22:20:05'],
    ['slashes', '2026/11/23 22:20:05'],
    ['single-digit fields', '2026-1-3T2:0:5'],
    ['full-width digits', '２０２６-11-23T22:20:05'],
    ['Arabic-Indic digits', '٢٠٢٦-11-23T22:20:05'],
    ['RFC 2822', 'Mon, 23 Nov 2026 22:20:05 GMT'],
    ['epoch digits as string', '1795000000000'],
  ])('%s → null', (_label, input) => {
    expect(parseApiTimestamp(input, 'utc')).toBeNull();
    expect(parseApiTimestamp(input, 'server-local', 60)).toBeNull();
  });
});

describe('parseApiTimestamp: independent of the process time zone', () => {
  it('gives the same result whatever TZ is, unlike new Date(naive)', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      const naive = '2026-11-23T22:20:05';
      expect(parseApiTimestamp(naive, 'utc')).toBe(Date.UTC(2026, 10, 23, 22, 20, 5));
      expect(parseApiTimestamp(naive, 'server-local', 60)).toBe(Date.UTC(2026, 10, 23, 21, 20, 5));
      // The pitfall this module exists to avoid: the engine reads a naive date-time as local time.
      expect(new Date(naive).getTime()).toBe(Date.UTC(2026, 10, 24, 3, 20, 5));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('parseApiTimestamp: recorded fixtures', () => {
  const files = [
    'old/credits-today.json',
    'old/credits-transactions-limit5.json',
    'old/tokens-history.json',
    'head/credits-today.json',
    'head/credits-transactions-limit5.json',
    'head/ingest-settings.json',
    'head/status-bar.json',
    'head/tokens-history.json',
    'head/tokens-latest.json',
  ];
  const values = files.flatMap((file) => timestampStrings(fixture(file)).map(([key, v]) => [file, key, v]));

  it('finds timestamps in the fixtures', () => {
    expect(values.length).toBeGreaterThan(20);
  });

  it.each(values)('%s %s %s parses', (_file, _key, value) => {
    const ms = parseApiTimestamp(value, 'utc');
    expect(ms).not.toBeNull();
    // The fixtures were recorded in 2025–2026.
    expect(ms).toBeGreaterThan(Date.UTC(2025, 0, 1));
    expect(ms).toBeLessThan(Date.UTC(2027, 0, 1));
  });

  it('HEAD status-bar Z and +00:00 values agree with the naive UTC analysis_timestamp', () => {
    expect(parseApiTimestamp('2026-11-23T22:16:50Z', 'utc')).toBe(
      parseApiTimestamp('2026-11-23 22:16:50', 'utc'),
    );
  });
});

describe('estimateServerOffsetMin', () => {
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);

  it.each([0, 60, 120, -300, -240, 330, 345, -210, -570, -600, 765, 840, -720, 525, 630])(
    'recovers offset %i from an exact reading',
    (offset) => {
      expect(estimateServerOffsetMin(naiveAtOffset(now, offset), now)).toBe(offset);
    },
  );

  it('reads the credits/range period_end shape', () => {
    // Server in UTC+1 returned this at 15:35:30.458 UTC; the response arrived 120 ms later.
    expect(
      estimateServerOffsetMin('2025-11-21T16:35:30.458114', Date.UTC(2025, 10, 21, 15, 35, 30, 578)),
    ).toBe(60);
  });

  it.each<[string, number]>([
    ['server 3 s ahead', 3_000],
    ['server 3 s behind', -3_000],
    ['latency 800 ms', -800],
    ['server 7 min ahead', 7 * MIN],
    ['server 7 min behind', -7 * MIN],
    ['server 7 min 29 s ahead', 7 * MIN + 29_000],
    ['server 7 min 29 s behind', -7 * MIN - 29_000],
  ])('absorbs skew (%s)', (_label, skewMs) => {
    for (const offset of [0, 60, -300, 330, 345, -600]) {
      expect(estimateServerOffsetMin(naiveAtOffset(now + skewMs, offset), now)).toBe(offset);
    }
  });

  it('a small negative skew at offset 0 gives +0, not -0', () => {
    expect(Object.is(estimateServerOffsetMin(naiveAtOffset(now - 2_000, 0), now), 0)).toBe(true);
  });

  it.each<[string, number, number]>([
    ['8 min ahead snaps to the next quarter hour', 8 * MIN, 15],
    ['8 min behind snaps to the previous quarter hour', -8 * MIN, -15],
    ['exactly 7.5 min ahead ties towards +∞', 7.5 * MIN, 15],
    ['exactly 7.5 min behind ties towards +∞', -7.5 * MIN, 0],
  ])('skew beyond ±7.5 min is indistinguishable from an offset: %s', (_label, skewMs, expected) => {
    expect(estimateServerOffsetMin(naiveAtOffset(now + skewMs, 0), now)).toBe(expected);
  });

  it.each<[string, number, number | null]>([
    ['−745 clamps to −720', -745, -720],
    ['−750 (edge of tolerance) clamps to −720', -750, -720],
    ['−751 is implausible', -751, null],
    ['+860 clamps to +840', 860, 840],
    ['+870 (edge of tolerance) clamps to +840', 870, 840],
    ['+871 is implausible', 871, null],
    ['a day ahead is implausible', 1440, null],
    ['a day behind is implausible', -1440, null],
    ['a year off is implausible', 525_600, null],
  ])('range: %s', (_label, rawMin, expected) => {
    expect(estimateServerOffsetMin(naiveAtOffset(now + rawMin * MIN, 0), now)).toBe(expected);
  });

  it.each<[string, string, number]>([
    ['unparsable', 'garbage', now],
    ['empty', '', now],
    ['date only', '2026-11-23', now],
    ['impossible date', '2026-02-30T12:00:00', now],
    ['NaN now', '2026-11-23T12:00:00', Number.NaN],
    ['infinite now', '2026-11-23T12:00:00', Number.POSITIVE_INFINITY],
  ])('rejects %s', (_label, input, nowMs) => {
    expect(estimateServerOffsetMin(input, nowMs)).toBeNull();
  });

  it('rejects non-strings from an unchecked API body', () => {
    expect(estimateServerOffsetMin(null as unknown as string, now)).toBeNull();
    expect(estimateServerOffsetMin(123 as unknown as string, now)).toBeNull();
  });

  it.each<[string, number]>([
    ['2026-11-23T07:00:00-05:00', -300],
    ['2026-11-23T12:00:00Z', 0],
    ['2026-11-23T17:30:00+05:30', 330],
    ['2026-11-23T07:00:00.123456-05:00', -300],
  ])('an explicit zone is the offset itself: %s', (input, expected) => {
    // The client clock does not matter then: even a clock a day off gives the stated offset.
    expect(estimateServerOffsetMin(input, now)).toBe(expected);
    expect(estimateServerOffsetMin(input, now + DAY)).toBe(expected);
  });

  it('rejects an explicit zone outside the real range', () => {
    expect(estimateServerOffsetMin('2026-11-23T12:00:00+15:00', now)).toBeNull();
  });

  describe('DST: measurements before and after a change differ, and both are right', () => {
    it.each<[string, string, number, string, number]>([
      // US spring forward 2026-03-08 at 02:00 EST (07:00 UTC).
      [
        'New York spring, before',
        'America/New_York',
        Date.UTC(2026, 2, 8, 6, 59),
        '2026-03-08T01:59:00',
        -300,
      ],
      ['New York spring, after', 'America/New_York', Date.UTC(2026, 2, 8, 7, 1), '2026-03-08T03:01:00', -240],
      // US fall back 2026-11-01 at 02:00 EDT (06:00 UTC): 01:xx happens twice.
      [
        'New York fall, before',
        'America/New_York',
        Date.UTC(2026, 10, 1, 5, 30),
        '2026-11-01T01:30:00',
        -240,
      ],
      ['New York fall, after', 'America/New_York', Date.UTC(2026, 10, 1, 6, 30), '2026-11-01T01:30:00', -300],
      [
        'Los Angeles spring, after',
        'America/Los_Angeles',
        Date.UTC(2026, 2, 8, 10, 5),
        '2026-03-08T03:05:00',
        -420,
      ],
      [
        'Los Angeles spring, before',
        'America/Los_Angeles',
        Date.UTC(2026, 2, 8, 9, 55),
        '2026-03-08T01:55:00',
        -480,
      ],
      // EU change 2026-03-29 at 01:00 UTC.
      ['Berlin before', 'Europe/Berlin', Date.UTC(2026, 2, 29, 0, 59), '2026-03-29T01:59:00', 60],
      ['Berlin after', 'Europe/Berlin', Date.UTC(2026, 2, 29, 1, 1), '2026-03-29T03:01:00', 120],
      // Lord Howe Island shifts by only 30 minutes (+10:30 → +11:00 on 2026-10-04 02:00 local).
      ['Lord Howe before', 'Australia/Lord_Howe', Date.UTC(2026, 9, 3, 15, 29), '2026-10-04T01:59:00', 630],
      ['Lord Howe after', 'Australia/Lord_Howe', Date.UTC(2026, 9, 3, 15, 31), '2026-10-04T02:31:00', 660],
    ])('%s', (_label, zone, instant, wall, offset) => {
      // The literal wall time is what a server in that zone prints; cross-check it against the tz database.
      expect(naiveInZone(instant, zone).slice(0, 19)).toBe(wall);
      const measured = estimateServerOffsetMin(`${wall}.000000`, instant + 150);
      expect(measured).toBe(offset);
      expect(parseApiTimestamp(wall, 'server-local', measured ?? Number.NaN)).toBe(instant);
    });
  });

  it.each([
    'UTC',
    'Europe/London',
    'Europe/Berlin',
    'America/New_York',
    'America/St_Johns',
    'America/Sao_Paulo',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Asia/Tokyo',
    'Australia/Adelaide',
    'Pacific/Honolulu',
    'Pacific/Marquesas',
    'Pacific/Chatham',
    'Pacific/Kiritimati',
    'Etc/GMT+12',
  ])('round-trips a server in %s across the year', (zone) => {
    for (let month = 0; month < 12; month++) {
      const instant = Date.UTC(2026, month, 15, 9, 41, 7, 250);
      const measured = estimateServerOffsetMin(naiveInZone(instant, zone), instant + 2_000);
      expect(measured).not.toBeNull();
      expect(parseApiTimestamp(naiveInZone(instant, zone), 'server-local', measured ?? 0)).toBe(
        instant - 250,
      );
    }
  });

  it('property: any real offset survives skew below 7.5 min and round-trips', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }),
        fc.integer({ min: -48, max: 56 }),
        fc.integer({ min: -7 * MIN - 29_000, max: 7 * MIN + 29_000 }),
        (instant, quarters, skew) => {
          const offset = quarters * 15;
          const wall = naiveAtOffset(instant + skew, offset);
          expect(estimateServerOffsetMin(wall, instant)).toBe(offset);
          expect(parseApiTimestamp(naiveAtOffset(instant, offset), 'server-local', offset)).toBe(instant);
        },
      ),
    );
  });
});

/** The day's start as the reducer places it: the normaliser's midnight, with the server's offset. */
const serverDayStartMs = (periodStart: string, offsetMin: number) =>
  serverTimeMs(parseServerMidnight(periodStart), offsetMin);

describe('a credits/today midnight placed with the server offset', () => {
  it.each<[string, number, number]>([
    ['2026-11-23T00:00:00', 0, Date.UTC(2026, 10, 23)],
    ['2026-11-23T00:00:00', 60, Date.UTC(2026, 10, 22, 23)],
    ['2026-11-23T00:00:00', -300, Date.UTC(2026, 10, 23, 5)],
    ['2026-11-23T00:00:00', 330, Date.UTC(2026, 10, 22, 18, 30)],
    ['2026-11-23T00:00:00', 345, Date.UTC(2026, 10, 22, 18, 15)],
    ['2026-11-23T00:00:00', -600, Date.UTC(2026, 10, 23, 10)],
    ['2026-11-23T00:00:00', 840, Date.UTC(2026, 10, 22, 10)],
    ['2028-02-29T00:00:00', 0, Date.UTC(2028, 1, 29)],
    ['2027-01-01T00:00:00', -300, Date.UTC(2027, 0, 1, 5)],
    ['2026-11-23 00:00:00', 0, Date.UTC(2026, 10, 23)],
    ['2026-11-23T00:00:00.000000', 60, Date.UTC(2026, 10, 22, 23)],
    ['2026-11-23T00:00:00-05:00', 0, Date.UTC(2026, 10, 23, 5)],
  ])('%s at offset %i', (input, offset, expected) => {
    expect(serverDayStartMs(input, offset)).toBe(expected);
  });

  it('uses the recorded credits/today period_start', () => {
    const body = fixture('old/credits-today.json') as { period_start: string; period_end: string };
    const start = serverDayStartMs(body.period_start, 0);
    expect(start).toBe(Date.UTC(2026, 10, 23));
    expect(serverDayStartMs(body.period_end, 0)).toBe((start ?? 0) + DAY);
  });

  it.each<[string, string, number]>([
    ['not midnight', '2026-11-23T00:00:01', 0],
    ['a microsecond after midnight', '2026-11-23T00:00:00.000001', 0],
    ['credits/range period_start (now − days)', '2025-11-21T16:35:30.458114', 0],
    ['noon', '2026-11-23T12:00:00', 0],
    ['empty', '', 0],
    ['garbage', 'garbage', 0],
    ['date only', '2026-11-23', 0],
    ['impossible date', '2026-02-29T00:00:00', 0],
    ['non-finite offset', '2026-11-23T00:00:00', Number.NaN],
  ])('rejects %s', (_label, input, offset) => {
    expect(serverDayStartMs(input, offset)).toBeNull();
  });
});
