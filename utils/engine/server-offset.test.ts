import { describe, expect, it } from 'vitest';
import { dayKey, midnightMs, naiveUtc, nextDayKey, offsetMinAt, wallMs } from '../../tests/sim/tz';
import { createTestEngine, jsonResponse } from '../../tests/unit/test-engine';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The wall time of `ms` in `zone` as the app writes naive server-local times. */
const wall = (zone: string, ms: number) => naiveUtc(wallMs(zone, ms));
const offsetMin = offsetMinAt;
/** The instant of local midnight starting the day `daysAhead` after the one holding `ms`. */
function midnight(zone: string, ms: number, daysAhead = 0): number {
  let key = dayKey(zone, ms);
  for (let i = 0; i < daysAhead; i += 1) key = nextDayKey(key);
  return midnightMs(zone, key);
}

/**
 * An OLD-like back end whose host runs in `zone`, seen from a browser at a fixed offset or in a
 * zone; `rangeFails` counts ranges still to fail, `ingestFails` makes the probe unable to finish.
 */
function createServer(
  zone: string,
  browser: number | string,
  start: number,
  { rangeFails = 0, ingestFails = false } = {},
) {
  let failing = rangeFails;
  return createTestEngine({
    now: start,
    localOffsetMin: (at) => (typeof browser === 'number' ? browser : offsetMin(browser, at)),
    fallback: () => new Response('{"detail":"Unprocessable"}', { status: 422 }),
    routes: {
      '/api/stats/credits/today': ({ now }) =>
        jsonResponse({
          total_credits: 1,
          period_start: `${wall(zone, midnight(zone, now))}`,
          period_end: `${wall(zone, midnight(zone, now, 1))}`,
          by_operation: {},
        }),
      '/api/stats/credits/range': ({ now }) => {
        if (failing > 0) {
          failing -= 1;
          return new Response('Internal Server Error', { status: 500 });
        }
        return jsonResponse({ period_end: `${wall(zone, now)}.123456` });
      },
      '/api/stats/credits/transactions': () => jsonResponse({ transactions: [] }),
      '/api/tokens/history': () => jsonResponse({ total: 0, tokens: [] }),
      '/api/ingest/queue/stats': () =>
        ingestFails ? new Response('Internal Server Error', { status: 500 }) : jsonResponse({ total: 0 }),
    },
  });
}

/**
 * Polls every 15 minutes from `from` to `to` and checks, after every refresh from `checkFrom`
 * on, that the credit day's start is the server's true midnight and its end the next one
 * (the end only in the day's second half: until then it cannot matter).
 */
async function run(zone: string, browserOffsetMin: number, from: string, to: string, checkFrom = from) {
  const start = Date.parse(from);
  const server = createServer(zone, browserOffsetMin, start);
  const wrong: string[] = [];
  for (let t = start; t <= Date.parse(to); t += 15 * MINUTE) {
    server.clock.now = t;
    const s = await server.engine.refresh(t === start ? 'startup' : 'poll');
    if (t < Date.parse(checkFrom)) continue;
    const start0 = midnight(zone, t);
    const end0 = midnight(zone, t, 1);
    if (s.credits?.dayStartMs !== start0)
      wrong.push(`${new Date(t).toISOString()} start ${s.credits?.dayStartMs} ≠ ${start0}`);
    if (t > end0 - 12 * HOUR && s.credits?.dayEndMs !== end0)
      wrong.push(`${new Date(t).toISOString()} end ${s.credits?.dayEndMs} ≠ ${end0}`);
  }
  return { wrong, server };
}

// Days of polling under a virtual clock: seconds of work, more on a loaded machine.
describe('the server day follows DST and zones', { timeout: 30_000 }, () => {
  it.each<[string, string, string, string]>([
    ['America/New_York, spring forward', 'America/New_York', '2026-03-06T17:00:00Z', '2026-03-11T12:00:00Z'],
    ['America/New_York, fall back', 'America/New_York', '2026-10-30T17:00:00Z', '2026-11-04T12:00:00Z'],
    ['Europe/Berlin, spring forward', 'Europe/Berlin', '2026-03-27T10:00:00Z', '2026-04-01T12:00:00Z'],
    ['Europe/Berlin, fall back', 'Europe/Berlin', '2026-10-23T10:00:00Z', '2026-10-28T12:00:00Z'],
    [
      'Pacific/Kiritimati (+14, browser in UTC)',
      'Pacific/Kiritimati',
      '2026-06-01T00:00:00Z',
      '2026-06-04T00:00:00Z',
    ],
  ])(
    '%s: running through the change, every day (the change day too) is right',
    async (_name, zone, from, to) => {
      const { wrong } = await run(zone, 0, from, to);
      expect(wrong).toEqual([]);
    },
  );

  it('a UTC server with a browser in Los Angeles uses the server’s midnight', async () => {
    const { wrong } = await run('UTC', -480, '2026-06-01T03:00:00Z', '2026-06-03T12:00:00Z');
    expect(wrong).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['America/New_York', '2026-03-08T15:00:00Z', '2026-03-09T04:00:00Z'],
    ['Europe/Berlin', '2026-10-25T09:00:00Z', '2026-10-25T23:00:00Z'],
  ])(
    '%s: a session started on the change day after the change is right from the next day on',
    async (zone, from, nextDay) => {
      const { wrong } = await run(zone, 0, from, addDays(from, 3), nextDay);
      expect(wrong).toEqual([]);
    },
  );

  it('a range that fails once is measured again a minute later, not left unknown', async () => {
    const start = Date.parse('2026-03-06T17:00:00Z');
    const server = createServer('America/New_York', 60, start, { rangeFails: 1 });
    await server.engine.refresh('startup');
    expect(server.stored().capabilities?.serverOffsetMin).toBeNull();
    server.clock.now += 30_000;
    await server.engine.refresh('poll');
    expect(server.count('/api/stats/credits/range')).toBe(1);
    server.clock.now += 35_000;
    await server.engine.refresh('poll');
    expect(server.stored().capabilities?.serverOffsetMin).toBe(-300);
    expect(server.stored().credits?.dayStartMs).toBe(midnight('America/New_York', server.clock.now));
  });

  it('re-measuring the offset asks only the range, not the whole probe; a new session re-probes', async () => {
    const start = Date.parse('2026-03-06T17:00:00Z');
    const server = createServer('America/New_York', 0, start);
    await server.engine.refresh('startup');
    const probeRequests = () => server.count('/api/tokens/latest');
    expect(probeRequests()).toBe(1);
    for (let i = 1; i <= 30; i += 1) {
      server.clock.now = start + i * 15 * MINUTE;
      await server.engine.refresh('poll');
    }
    expect(server.count('/api/stats/credits/range'), 'every 6 h (and at midnight)').toBeGreaterThan(1);
    expect(probeRequests(), 'no probe while the session lasts').toBe(1);
    // What the background does at a new browser session: ask for a new probe.
    await server.engine.update((s) =>
      s.capabilities ? { ...s, capabilities: { ...s.capabilities, probedAt: 0 } } : s,
    );
    server.clock.now += 15 * MINUTE;
    await server.engine.refresh('startup');
    expect(probeRequests(), 'a new session probes once').toBe(2);
  });
});

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY).toISOString();
}

describe('after an outage', () => {
  it('the offset is kept and the capabilities probed once when the back end answers again', async () => {
    const start = Date.parse('2026-06-01T12:00:00Z');
    const server = createServer('Pacific/Kiritimati', -480, start);
    await server.engine.refresh('startup');
    expect(server.stored().capabilities?.serverOffsetMin).toBe(840);
    // An outage of a few attempts, then the back end answers.
    server.setDown('refused');
    for (let i = 0; i < 4; i += 1) {
      server.clock.now = Math.max(server.clock.now + 1_000, server.stored().nextAttemptAt ?? 0);
      await server.engine.refresh(i === 0 ? 'manual' : 'retry');
    }
    expect(server.stored().failures).toBe(4);
    expect(server.stored().capabilities?.serverOffsetMin, 'kept through the outage').toBe(840);
    server.setDown('no');
    server.clock.now = server.stored().nextAttemptAt ?? 0;
    const s = await server.engine.refresh('retry');
    expect(server.count('/api/tokens/latest'), 'probed once more').toBe(2);
    expect(s.capabilities?.serverOffsetMin, 'never the browser’s offset').toBe(840);
    expect(s.credits?.dayEndMs).toBe(midnight('Pacific/Kiritimati', server.clock.now, 1));
  });

  it('down when the browser starts: the first answer measures the offset, never a day on the browser’s guess', async () => {
    const start = Date.parse('2026-03-07T02:27:53Z');
    // A server at UTC+14 and a browser at UTC+5:30: the guess would put the day's start 8.5 h off.
    const server = createServer('Pacific/Kiritimati', 330, start);
    server.setDown('refused');
    await server.engine.refresh('startup');
    server.clock.now = Math.max(server.clock.now + 1_000, server.stored().nextAttemptAt ?? 0);
    await server.engine.refresh('retry');
    expect(server.stored().credits).toBeNull();
    server.setDown('no');
    server.clock.now = Math.max(server.clock.now + 1_000, server.stored().nextAttemptAt ?? 0);
    const s = await server.engine.refresh('retry');
    expect(s.credits?.dayStartMs).toBe(midnight('Pacific/Kiritimati', server.clock.now));
    expect(s.credits?.dayStartUnknown).toBeUndefined();
    expect(server.clock.now - start, 'well within the minute a failing range waits').toBeLessThan(60_000);
  });

  it('a probe that cannot finish is not repeated on every poll', async () => {
    const start = Date.parse('2026-06-01T12:00:00Z');
    const server = createServer('UTC', 0, start, { ingestFails: true });
    const latest = () => server.count('/api/tokens/latest');
    await server.engine.refresh('startup');
    for (let i = 1; i <= 10; i += 1) {
      server.clock.now = start + i * 30_000;
      // The ingest endpoint fails every time: the probe never completes.
      await server.engine.refresh('poll');
    }
    expect(server.stored().capabilities).toBeNull();
    // Probing (latest, range, the heavy history) once a minute at most, not on every poll.
    expect(latest()).toBeLessThanOrEqual(6);
    expect(server.count('/api/tokens/history')).toBeLessThanOrEqual(6);
  });
});

describe('a server in the browser’s zone', () => {
  it.each<[string, string]>([
    ['America/New_York', '2026-03-08T15:00:00Z'],
    ['America/New_York', '2026-11-01T15:00:00Z'],
    ['Europe/Berlin', '2026-10-25T09:00:00Z'],
  ])('%s: a session started after the change on its day still gets the day right (%s)', async (zone, at) => {
    const when = Date.parse(at);
    // The browser shares the server's zone: its own rules give the offset at midnight.
    const server = createServer(zone, zone, when);
    const s = await server.engine.refresh('startup');
    expect(s.credits?.dayStartMs).toBe(midnight(zone, when));
  });
});

describe('a server in another zone, seen the evening before its DST change and again after it', () => {
  it.each<[string, string, string]>([
    ['America/New_York', '2026-03-07T22:00:00Z', '2026-03-08T15:00:00Z'],
    ['America/New_York', '2026-10-31T22:00:00Z', '2026-11-01T15:00:00Z'],
    ['Europe/Berlin', '2026-03-28T18:00:00Z', '2026-03-29T09:00:00Z'],
  ])(
    '%s: the day’s start keeps the offset measured the evening before (%s → %s)',
    async (zone, evening, after) => {
      const server = createServer(zone, 330, Date.parse(evening));
      await server.engine.refresh('startup');
      server.clock.now = Date.parse(after);
      // A new browser session the next day.
      await server.engine.update((s) =>
        s.capabilities ? { ...s, capabilities: { ...s.capabilities, probedAt: 0 } } : s,
      );
      const s = await server.engine.refresh('startup');
      expect(s.capabilities?.serverOffsetMin).toBe(offsetMin(zone, server.clock.now));
      expect(s.credits?.dayStartMs).toBe(midnight(zone, server.clock.now));
      expect(s.credits?.dayEndMs).toBe(midnight(zone, server.clock.now, 1));
    },
  );
});

describe('a server in another zone, not seen since days before its DST change', () => {
  it.each<[string, string, string]>([
    ['America/New_York', '2026-03-05T22:00:00Z', '2026-03-08T15:00:00Z'],
    ['Europe/Berlin', '2026-10-21T18:00:00Z', '2026-10-25T09:00:00Z'],
  ])(
    '%s: the change day says its start is unknown, and the next day is exact again (%s → %s)',
    async (zone, before, after) => {
      const server = createServer(zone, 330, Date.parse(before));
      await server.engine.refresh('startup');
      expect(server.stored().credits?.dayStartUnknown).toBeUndefined();
      server.clock.now = Date.parse(after);
      await server.engine.update((s) =>
        s.capabilities ? { ...s, capabilities: { ...s.capabilities, probedAt: 0 } } : s,
      );
      const changeDay = await server.engine.refresh('startup');
      expect(changeDay.capabilities?.serverOffsetMin).toBe(offsetMin(zone, server.clock.now));
      expect(changeDay.credits?.dayStartUnknown).toBe(true);
      // Still unknown later that day, from the kept start.
      server.clock.now += 2 * HOUR;
      expect((await server.engine.refresh('poll')).credits?.dayStartUnknown).toBe(true);
      server.clock.now = midnight(zone, server.clock.now, 1) + 2 * HOUR;
      const nextDay = await server.engine.refresh('poll');
      expect(nextDay.credits?.dayStartUnknown).toBeUndefined();
      expect(nextDay.credits?.dayStartMs).toBe(midnight(zone, server.clock.now));
    },
  );

  it('a server in the browser’s zone is never unsure: the browser’s rules give its midnight', async () => {
    const zone = 'Europe/Berlin';
    const server = createServer(zone, zone, Date.parse('2026-10-21T18:00:00Z'));
    await server.engine.refresh('startup');
    server.clock.now = Date.parse('2026-10-25T09:00:00Z');
    const s = await server.engine.refresh('startup');
    expect(s.credits?.dayStartUnknown).toBeUndefined();
    expect(s.credits?.dayStartMs).toBe(midnight(zone, server.clock.now));
  });
});

describe('a server in another zone, first seen ever on a clock-change day', () => {
  it.each<[string, number | string, string, boolean]>([
    // After the change: the API cannot tell whether it fell before or after midnight.
    ['America/New_York', 330, '2026-11-01T15:00:00Z', true],
    ['America/St_Johns', 0, '2026-11-01T15:16:00Z', true],
    ['Europe/Berlin', 330, '2026-03-29T09:00:00Z', true],
    ['America/New_York', 'Australia/Lord_Howe', '2027-03-15T00:09:00Z', true],
    // Ordinary days, a zone without DST, and a server in the browser's own zone: exact.
    ['America/New_York', 330, '2026-11-03T15:00:00Z', false],
    ['Europe/Berlin', 330, '2026-03-30T09:00:00Z', false],
    ['Pacific/Kiritimati', 0, '2026-03-29T09:00:00Z', false],
    ['Europe/Berlin', 'Europe/Berlin', '2026-03-29T09:00:00Z', false],
  ])('%s from a browser at %s, first seen %s: day start unsure %s', async (zone, browser, first, unsure) => {
    const server = createServer(zone, browser, Date.parse(first));
    const s = await server.engine.refresh('startup');
    expect(s.capabilities?.serverOffsetMin).toBe(offsetMin(zone, server.clock.now));
    expect(s.credits?.dayStartUnknown === true).toBe(unsure);
    if (!unsure) expect(s.credits?.dayStartMs).toBe(midnight(zone, server.clock.now));
    // Exact from the next midnight, whatever the first day was.
    server.clock.now = midnight(zone, server.clock.now, 1) + 2 * HOUR;
    const next = await server.engine.refresh('poll');
    expect(next.credits?.dayStartUnknown).toBeUndefined();
    expect(next.credits?.dayStartMs).toBe(midnight(zone, server.clock.now));
  });
});
