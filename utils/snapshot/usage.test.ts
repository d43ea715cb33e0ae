import { describe, expect, it } from 'vitest';
import type { CreditTransaction } from '../meridinate/domain';
import { normaliseTransaction } from '../meridinate/reads';
import {
  type BurnRate,
  deriveBurnRate,
  deriveDayChart,
  foldUsage,
  HOUR_MS,
  MINUTE_MS,
  type Usage,
} from './usage';

const DAY_START = Date.UTC(2026, 10, 23); // the credit day starts at midnight UTC here
const DAY_END = DAY_START + 24 * HOUR_MS;
const at = (h: number, m = 0, s = 0) => DAY_START + h * HOUR_MS + m * MINUTE_MS + s * 1000;
/** Naive UTC, as the app writes transaction times. */
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const row = (id: number, ms: number, credits: number, operation = 'wallet_balance'): CreditTransaction =>
  normaliseTransaction({ id, operation, credits, timestamp: iso(ms), context: null });
const usage = (patch: Partial<Usage>): Usage => ({ hours: [], minutes: [], since: 0, lastId: 0, ...patch });

describe('foldUsage', () => {
  it('counts a first page that holds every row ever written, per hour and per minute', () => {
    const u = foldUsage(
      null,
      [row(3, at(14, 5), 10), row(1, at(9, 59, 59), 5), row(2, at(14, 5, 30), 2)],
      DAY_START,
      at(14, 10),
    );
    expect(u.since).toBe(0);
    expect(u.lastId).toBe(3);
    expect(u.hours).toEqual([
      [at(9), 5],
      [at(14), 12],
    ]);
    // Minutes only for the last hour.
    expect(u.minutes).toEqual([[at(14, 5), 12]]);
  });

  it('starts watching at the oldest row of a full first page', () => {
    const rows = [row(10, at(13, 30), 1), row(11, at(14, 0), 1)];
    const u = foldUsage(null, rows, DAY_START, at(14, 10), 2);
    expect(u.since).toBe(at(13, 30));
  });

  it('counts each row once, however often it is fetched, and skips 0-credit summary rows', () => {
    let u = foldUsage(
      null,
      [row(1, at(14, 1), 4), row(2, at(14, 2), 0, 'token_analysis')],
      DAY_START,
      at(14, 3),
    );
    u = foldUsage(
      u,
      [row(1, at(14, 1), 4), row(2, at(14, 2), 0), row(3, at(14, 3), 6), row(3, at(14, 3), 6)],
      DAY_START,
      at(14, 4),
    );
    expect(u.hours).toEqual([[at(14), 10]]);
    expect(u.minutes).toEqual([
      [at(14, 1), 4],
      [at(14, 3), 6],
    ]);
    expect(u.lastId).toBe(3);
  });

  it('restarts coverage after a full page that skipped rows (a gap while nobody looked)', () => {
    const before = usage({ since: 0, lastId: 5, hours: [[at(9), 50]] });
    const u = foldUsage(before, [row(40, at(15, 0), 3), row(41, at(15, 1), 3)], DAY_START, at(15, 2), 2);
    expect(u.since).toBe(at(15, 0));
    expect(u.hours).toEqual([
      [at(9), 50],
      [at(15), 6],
    ]);
  });

  it('keeps coverage when the page reaches back to the last row counted', () => {
    const before = usage({ since: at(8), lastId: 5 });
    const u = foldUsage(before, [row(6, at(15, 0), 3), row(7, at(15, 1), 3)], DAY_START, at(15, 2), 2);
    expect(u.since).toBe(at(8));
  });

  it('starts over when the back end was reset (ids below what was counted)', () => {
    const before = usage({ since: 0, lastId: 500, hours: [[at(9), 50]] });
    const u = foldUsage(before, [row(1, at(15, 0), 3)], DAY_START, at(15, 2));
    expect(u.lastId).toBe(1);
    expect(u.hours).toEqual([[at(15), 3]]);
  });

  it('aligns hours to the credit day, also for a server half an hour off UTC', () => {
    const anchor = DAY_START - 5.5 * HOUR_MS; // midnight in UTC+05:30
    const u = foldUsage(null, [row(1, at(0, 29), 1), row(2, at(0, 31), 1)], anchor, at(0, 40));
    expect(u.hours).toEqual([
      [anchor + 5 * HOUR_MS, 1],
      [anchor + 6 * HOUR_MS, 1],
    ]);
  });

  it('drops hours older than a day and minutes older than an hour', () => {
    const before = usage({
      hours: [
        [at(-30), 9],
        [at(12), 1],
      ],
      minutes: [
        [at(12, 0), 1],
        [at(13, 30), 2],
      ],
      lastId: 1,
    });
    const u = foldUsage(before, [], DAY_START, at(14));
    expect(u.hours).toEqual([[at(12), 1]]);
    expect(u.minutes).toEqual([[at(13, 30), 2]]);
  });
});

describe('deriveBurnRate', () => {
  const credits = (
    total: number,
    dayEndMs: number | null = DAY_END,
    dayStartMs: number | null = DAY_START,
  ) => ({
    total,
    dayStartMs,
    dayEndMs,
  });
  const steady: [number, number][] = Array.from({ length: 60 }, (_, i) => [at(13, i), 5]);
  const early = { projection: null, tooEarly: true };
  it.each<[string, Usage | null, ReturnType<typeof credits> | null, number, Partial<BurnRate>]>([
    ['no data', null, null, at(14), { perHour: null, projection: null, tooEarly: false }],
    [
      'steady: 5 cr a minute for the last hour',
      usage({ minutes: steady }),
      credits(1000),
      at(14),
      { perHour: 300, windowMs: HOUR_MS, projection: 1000 + 300 * 10, tooEarly: false },
    ],
    [
      'bursty: one 200 cr analysis 50 minutes ago, then nothing: a pace, not a projection',
      usage({ minutes: [[at(13, 10), 200]] }),
      credits(1000),
      at(14),
      { perHour: 200, ...early },
    ],
    [
      'charges in three minutes of the hour are enough',
      usage({
        minutes: [
          [at(13, 10), 100],
          [at(13, 30), 50],
          [at(13, 50), 50],
        ],
      }),
      credits(1000),
      at(14),
      { perHour: 200, projection: 1000 + 200 * 10, tooEarly: false },
    ],
    [
      'quiet: nothing in the last hour (a quiet hour projects nothing more)',
      usage({ minutes: [] }),
      credits(1000),
      at(14),
      { perHour: 0, projection: 1000, tooEarly: false },
    ],
    [
      'watched for 20 minutes: the pace of those 20 minutes, never stretched over the day',
      usage({ since: at(13, 40), minutes: [[at(13, 45), 100]] }),
      credits(1000),
      at(14),
      { perHour: 300, windowMs: 20 * MINUTE_MS, ...early },
    ],
    [
      'watched for 59 minutes: still short of the hour',
      usage({ since: at(13, 1), minutes: steady }),
      credits(1000),
      at(14),
      { windowMs: 59 * MINUTE_MS, ...early },
    ],
    [
      'watched for 5 minutes: too little to say',
      usage({ since: at(13, 55), minutes: [[at(13, 56), 100]] }),
      credits(1000),
      at(14),
      { perHour: null, projection: null, tooEarly: false },
    ],
    [
      'just after midnight: the last hour reaches into yesterday, the day just ended',
      usage({ minutes: steady.map(([s, v]): [number, number] => [s + 10 * HOUR_MS + 5 * MINUTE_MS, v]) }),
      credits(25, DAY_END),
      // 00:05 of the next credit day, before credits/today said so: the day has ended.
      DAY_END + 5 * MINUTE_MS,
      { perHour: 300, projection: null, tooEarly: false },
    ],
    [
      'no day boundaries known: no projection',
      usage({ minutes: steady }),
      credits(1000, null, null),
      at(14),
      { perHour: 300, projection: null, tooEarly: false },
    ],
  ])('%s', (_, u, c, now, expected) => {
    const rate = deriveBurnRate(u, c, now);
    for (const [key, value] of Object.entries(expected)) {
      if (typeof value === 'number') expect(rate[key as keyof BurnRate]).toBeCloseTo(value, 6);
      else expect(rate[key as keyof BurnRate]).toBe(value);
    }
  });

  // A busy hour that reaches back into yesterday: 5 cr every minute from 23:00 on.
  const overMidnight = (now: number): Usage =>
    usage({
      minutes: Array.from({ length: 120 }, (_, i): [number, number] => [
        DAY_START - HOUR_MS + i * MINUTE_MS,
        5,
      ]).filter(([start]) => start < now),
    });
  it.each<[string, number, boolean]>([
    ['00:05', at(0, 5), false],
    ['00:34 (when ~1,800 cr/h "on pace for 44,000" was seen)', at(0, 34), false],
    ['00:59', at(0, 59), false],
    ['00:59:59', at(0, 59, 59), false],
    ['01:00: an hour of the day has passed', at(1), true],
    ['01:01', at(1, 1), true],
  ])('at %s of the credit day', (_, now, projects) => {
    const total = Math.floor((now - DAY_START) / MINUTE_MS) * 5;
    const rate = deriveBurnRate(overMidnight(now), credits(total), now);
    // The pace is shown at any hour; only the projection waits.
    expect(rate.perHour).toBeGreaterThan(290);
    expect(rate.perHour).toBeLessThan(310);
    expect(rate.tooEarly).toBe(!projects);
    if (!projects) expect(rate.projection).toBeNull();
    else expect(rate.projection).toBeCloseTo(total + ((rate.perHour ?? 0) * (DAY_END - now)) / HOUR_MS, 6);
  });

  it('at 01:00 the projection is the day so far plus 23 hours at 300 cr/h', () => {
    expect(deriveBurnRate(overMidnight(at(1)), credits(300), at(1)).projection).toBeCloseTo(
      300 + 300 * 23,
      6,
    );
  });
});

describe('deriveDayChart', () => {
  const credits = { total: 500, dayStartMs: DAY_START, dayEndMs: DAY_END };
  it('gives the hours of the credit day up to the current hour', () => {
    const chart = deriveDayChart(
      usage({
        hours: [
          [at(-2), 99],
          [at(1), 100],
          [at(14), 300],
        ],
      }),
      credits,
      at(14, 30),
    );
    expect(chart?.hours).toHaveLength(15);
    expect(chart?.hours[1]).toBe(100);
    expect(chart?.hours[14]).toBe(300);
    expect(chart?.counted).toBe(400);
    expect(chart?.unattributed).toBe(100);
    expect(chart?.partialSince).toBeNull();
  });

  it('says since when the picture is complete when watching began today', () => {
    const chart = deriveDayChart(usage({ since: at(14, 2), hours: [[at(14), 30]] }), credits, at(15));
    expect(chart?.partialSince).toBe(at(14, 2));
    expect(chart?.unattributed).toBe(470);
  });

  it('has nothing to draw without credits or usage', () => {
    expect(deriveDayChart(null, credits, at(3))).toBeNull();
    expect(deriveDayChart(usage({}), null, at(3))).toBeNull();
    expect(deriveDayChart(usage({}), { ...credits, dayStartMs: null }, at(3))).toBeNull();
  });

  it('has one bar right after midnight', () => {
    expect(deriveDayChart(usage({}), credits, DAY_START)?.hours).toEqual([0]);
  });
});
