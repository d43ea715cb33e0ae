import { describe, expect, it } from 'vitest';
import { decideBudgetAlert } from '../budget';
import { buildCsv, buildDailyCsv, buildEventsCsv, csvField, mergeRows } from './csv';
import { addDays, daysBetween, serverDate, shiftMonth, withDay } from './dates';
import { deriveHistoryDays, missingDays, needsOlderProbe, withDays } from './days';
import { currentPeriod, derivePlanUsage, summarizePeriod, summarizeWindow } from './plan';
import { todayReading } from './range';
import {
  deriveDays,
  deriveOlderData,
  MAX_DAYS_BACK,
  PROBE_DAYS,
  planNextRead,
  type RangeReading,
} from './readings';

describe('server dates', () => {
  it.each([
    // A server east of UTC already on the next day while the browser is still on the last one.
    ['2026-12-01T00:30:00.123456', '2026-12-01'],
    ['2026-11-30T23:59:59.999999', '2026-11-30'],
    ['2024-02-29T10:00:00', '2024-02-29'],
    ['2026-02-29T10:00:00', null],
    ['garbage', null],
  ])('serverDate(%s) = %s', (naive, date) => expect(serverDate(naive)).toBe(date));

  it.each([
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-11-05', -30, '2026-10-06'],
  ])('addDays(%s, %i) = %s', (date, n, out) => {
    expect(addDays(date, n)).toBe(out);
    expect(daysBetween(date, out)).toBe(n);
  });

  it.each([
    ['2026-04-10', 31, '2026-04-30'],
    ['2026-02-10', 30, '2026-02-28'],
    ['2026-01-10', 1, '2026-01-01'],
  ])('withDay(%s, %i) = %s', (date, day, out) => expect(withDay(date, day)).toBe(out));

  it.each([
    ['2026-01-31', 1, 31, '2026-02-28'],
    ['2026-12-15', 1, 1, '2027-01-01'],
    ['2026-03-31', -1, 31, '2026-02-28'],
  ])('shiftMonth(%s, %i, %i) = %s', (date, delta, day, out) =>
    expect(shiftMonth(date, delta, day)).toBe(out),
  );
});

/** A range reading of `day` (its end `k` days back): `credits`, answered at `at`, sent 1 ms before. */
const reading = (day: string, k: number, credits: number, at: number): RangeReading => ({
  k,
  credits,
  rows: null,
  day,
  sent: at - 1,
  at,
});

/**
 * A fake back end for one server day: `past[k]` is the total of day today − k; today's credits
 * grow by `charges` (time → credits) as the clock runs.
 */
function fakeServer(past: number[], charges: [number, number][] = []) {
  const today = (t: number) => charges.filter(([at]) => at <= t).reduce((s, [, c]) => s + c, 0);
  const range = (k: number, t: number) => {
    let sum = today(t);
    for (let j = 1; j <= k; j++) sum += past[j] ?? 0;
    return sum;
  };
  return { today, range };
}

/** Runs the planner against the fake server: 10 s per read, a poll of today every `pollMs`. */
function fill(server: ReturnType<typeof fakeServer>, missing: number[], pollMs = 30_000, maxSteps = 400) {
  const day = '2026-12-20';
  const readings: RangeReading[] = [];
  let t = 1_000_000;
  let lastPoll = t;
  const poll = (at: number) => {
    readings.push({ k: 0, credits: server.today(at), rows: null, day, sent: at - 5, at });
    lastPoll = at;
  };
  poll(t);
  let reads = 0;
  let known = new Map<number, number | null>();
  for (let step = 0; step < maxSteps; step++) {
    known = deriveDays(readings, day);
    const left = missing.filter((k) => !known.has(k));
    const next = planNextRead(readings, day, left);
    if (next === null) break;
    t += 10_000;
    // The polls that landed while the next read was due, in time order with it.
    while (lastPoll + pollMs < t - 2) poll(lastPoll + pollMs);
    if ('wait' in next) continue;
    reads++;
    readings.push({
      k: next.read,
      credits: server.range(next.read, t - 1),
      rows: null,
      day,
      sent: t - 2,
      at: t,
    });
  }
  return { known, reads, readings };
}

const truth = Array.from({ length: MAX_DAYS_BACK + 1 }, (_, k) => (k === 0 ? 0 : (k * 37) % 101));
const allDays = Array.from({ length: MAX_DAYS_BACK }, (_, k) => k + 1);

describe('per-day credits from range reads', () => {
  it.each([
    ['a quiet back end', [] as [number, number][]],
    ['a charge during the fill', [[1_050_000, 12]] as [number, number][]],
    [
      'charges every 25 s',
      Array.from({ length: 60 }, (_, i) => [1_000_000 + i * 25_000, 3]) as [number, number][],
    ],
  ])('finds every day exactly with %s', (_name, charges) => {
    for (const pollMs of [30_000, 2_000]) {
      const { known } = fill(fakeServer(truth, charges), allDays, pollMs);
      for (const k of allDays) expect(known.get(k), `poll every ${pollMs} ms`).toBe(truth[k]);
    }
  });

  it('reads each missing day about once when nothing changes (one chain per 8 days)', () => {
    const { reads } = fill(fakeServer(truth), allDays);
    // 30 days, chains of 8 with a shared start and a re-read each: well under two reads per day.
    expect(reads).toBeLessThanOrEqual(40);
  });

  it('costs one read a day once the cache is full (only yesterday is new)', () => {
    const { known, reads } = fill(fakeServer(truth), [1]);
    expect(known.get(1)).toBe(truth[1]);
    expect(reads).toBe(1);
  });

  it('never takes a difference across a change of today', () => {
    const day = '2026-12-20';
    const r = (k: number, credits: number, at: number) => reading(day, k, credits, at);
    // range(1) = 100 before a charge of 5 lands, range(2) = 135 after it: 35 would be wrong.
    expect(deriveDays([r(1, 100, 10), r(2, 135, 20)], day).has(2)).toBe(false);
    // Re-read of range(1) shows the change: still no day.
    expect(deriveDays([r(1, 100, 10), r(2, 135, 20), r(1, 105, 30)], day).has(2)).toBe(false);
    // Equal ends: exact.
    expect(deriveDays([r(1, 100, 10), r(2, 130, 20), r(1, 100, 30)], day).get(2)).toBe(30);
    // Reads of another server day never mix in.
    expect(
      deriveDays([r(1, 100, 10), { ...r(2, 130, 20), day: '2026-12-19' }, r(1, 100, 30)], day).size,
    ).toBe(0);
  });

  it('gives a day with no charges as 0 and an inconsistent difference as unknown (null)', () => {
    const day = '2026-12-20';
    const r = (k: number, credits: number, at: number) => reading(day, k, credits, at);
    const got = deriveDays([r(1, 100, 10), r(2, 100, 20), r(3, 90, 30), r(1, 100, 40)], day);
    expect(got.get(2)).toBe(0);
    expect(got.get(3)).toBe(null);
  });

  it('tells older data from the range(90) probe', () => {
    const day = '2026-12-20';
    const r = (k: number, credits: number, rows: number, at: number): RangeReading => ({
      k,
      credits,
      rows,
      day,
      sent: at - 1,
      at,
    });
    expect(deriveOlderData([r(PROBE_DAYS, 500, 40, 10), r(30, 400, 30, 20)], day)).toBe(true);
    expect(deriveOlderData([r(PROBE_DAYS, 400, 30, 10), r(30, 400, 30, 20)], day)).toBe(false);
    // 0-credit rows alone also prove older data.
    expect(deriveOlderData([r(PROBE_DAYS, 400, 31, 10), r(30, 400, 30, 20)], day)).toBe(true);
    // range(30) read before the probe proves nothing (today may have grown in between).
    expect(deriveOlderData([r(30, 400, 30, 5), r(PROBE_DAYS, 500, 40, 10)], day)).toBe(null);
    expect(planNextRead([], day, [], true)).toEqual({ read: PROBE_DAYS });
    expect(planNextRead([r(PROBE_DAYS, 500, 40, 10)], day, [], true)).toEqual({ read: 30 });
    expect(planNextRead([r(PROBE_DAYS, 500, 40, 10), r(30, 1, 1, 20)], day, [], true)).toBe(null);
  });
});

describe('the 30-day view', () => {
  const today = '2026-12-20';
  const entryOf = (values: Record<number, number | null>) =>
    withDays(undefined, today, new Map(Object.entries(values).map(([k, v]) => [Number(k), v])));

  it('lists the missing days and keeps past days for good', () => {
    const entry = entryOf({ 1: 10, 2: 0, 30: 5 });
    expect(missingDays(entry, today)).toHaveLength(MAX_DAYS_BACK - 3);
    // The next server day: yesterday (k = 1) is the only new day.
    const full = entryOf(Object.fromEntries(allDays.map((k) => [k, 1])));
    expect(missingDays(full, addDays(today, 1))).toEqual([1]);
  });

  it.each([
    ['a day with no charges between active days is 0', { 1: 5, 2: 0, 3: 7 }, {}, 2, 'known', 0],
    [
      'zero days before the first active day are unknown (back end upgraded)',
      { 1: 5, 2: 0, 3: 0 },
      {},
      3,
      'unknown',
      null,
    ],
    ['…unless older data was seen', { 1: 5, 2: 0, 3: 0 }, { olderData: true }, 3, 'known', 0],
    ['an inconsistent day is unknown', { 1: 5, 2: null }, {}, 2, 'unknown', null],
    ['a day not read yet is pending', { 1: 5 }, {}, 4, 'pending', null],
  ] as const)('%s', (_name, values, extra, k, state, credits) => {
    const entry = { ...entryOf(values), ...extra };
    const days = deriveHistoryDays(entry, today, 42);
    const day = days.find((d) => d.date === addDays(today, -k));
    expect(day).toEqual({ date: addDays(today, -k), credits, state });
    expect(days).toHaveLength(30);
    expect(days[29]).toEqual({ date: today, credits: 42, state: 'today' });
  });

  it('asks for the older-data probe only while the oldest day reads 0', () => {
    expect(needsOlderProbe(entryOf({ 30: 0, 1: 5 }), today)).toBe(true);
    expect(needsOlderProbe(entryOf({ 30: 3 }), today)).toBe(false);
    expect(needsOlderProbe({ ...entryOf({ 30: 0 }), olderCheckedOn: today }, today)).toBe(false);
    expect(needsOlderProbe({ ...entryOf({ 30: 0 }), olderData: true }, today)).toBe(false);
  });
});

describe('month and plan cycle', () => {
  it.each([
    ['calendar month', '2026-12-20', null, '2026-12-01', '2027-01-01'],
    ['month boundary: the 1st starts a new month', '2026-12-01', null, '2026-12-01', '2027-01-01'],
    ['plan renewing on the 15th, before it', '2026-12-10', 15, '2026-11-15', '2026-12-15'],
    ['plan renewing on the 15th, on it', '2026-12-15', 15, '2026-12-15', '2027-01-15'],
    [
      'renewing on the 31st in a 30-day month (renews on the 30th)',
      '2026-11-30',
      31,
      '2026-11-30',
      '2026-12-31',
    ],
    ['…the day before', '2026-11-29', 31, '2026-10-31', '2026-11-30'],
    ['renewing on the 31st in February', '2026-03-01', 31, '2026-02-28', '2026-03-31'],
    ['renewing on the 31st across the year', '2027-01-05', 31, '2026-12-31', '2027-01-31'],
  ])('%s', (_name, today, renewDay, start, end) => {
    const plan = renewDay === null ? null : { credits: 1000, renewDay };
    expect(currentPeriod(today, plan)).toEqual({ start, end });
  });

  const dayList = (today: string, values: (number | null)[]) =>
    values.map((credits, i) => ({
      date: addDays(today, i - values.length + 1),
      credits,
      state: (i === values.length - 1 ? 'today' : credits === null ? 'unknown' : 'known') as
        | 'today'
        | 'unknown'
        | 'known',
    }));

  it.each([
    // today 2026-12-04, cycle from the 1st: 3 whole days of 100, today 50; 27 days left after today.
    ['three whole days project', [100, 100, 100, 50], 350, 0, 100 * 3 + 100 + 100 * 27],
    ['today above the average counts as it is', [100, 100, 100, 400], 700, 0, 300 + 400 + 2700],
    ['two whole days are not enough', [100, 100, 50], 250, 0, null],
    ['a missing day: no projection, counted as missing', [100, null, 100, 50], 250, 1, null],
  ])('%s', (_name, values, total, missing, projected) => {
    const today = addDays('2026-12-01', values.length - 1);
    const days = dayList(today, values);
    const summary = summarizePeriod(days, today, currentPeriod(today, null));
    expect(summary).toMatchObject({ total, missing, projected, lastDay: '2026-12-31' });
  });

  it('busiest day and average over whole known days, today left out', () => {
    const today = '2026-12-20';
    const days = dayList(today, [null, 10, 0, 30, 999]);
    expect(summarizeWindow(days, today)).toEqual({
      busiest: { date: '2026-12-19', credits: 30, state: 'known' },
      average: 40 / 3,
      knownDays: 3,
    });
    expect(summarizeWindow(dayList(today, [0, 0, 5]), today).busiest).toBe(null);
  });
});

describe('CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    ['say "hi"', '"say ""hi"""'],
    ['', ''],
  ])('csvField(%j) = %j', (input, out) => expect(csvField(input)).toBe(out));

  it('keeps numbers as numbers and null empty', () => {
    expect(buildCsv(['a', 'b', 'c'], [[12, null, 0]])).toBe('a,b,c\r\n12,,0\r\n');
  });

  it("writes today's events in the server's time, oldest first, names neutralised", () => {
    const at = Date.UTC(2026, 11, 20, 23, 30, 5);
    const csv = buildEventsCsv(
      [
        { id: 9, operation: '=cmd|"/c calc"!A1', credits: 5, at, tokenId: 3, mint: null },
        { id: 7, operation: 'token_analysis', credits: 0, at, tokenId: null, mint: '@mint,1' },
      ],
      120,
    );
    expect(csv.split('\r\n')).toEqual([
      'id,server_time,operation,credits,token',
      '7,2026-12-21 01:30:05,token_analysis,0,"\'@mint,1"',
      `9,2026-12-21 01:30:05,"'=cmd|""/c calc""!A1",5,3`,
      '',
    ]);
  });

  it('writes unknown days as empty, not 0', () => {
    expect(
      buildDailyCsv([
        { date: '2026-12-19', credits: null, state: 'unknown' },
        { date: '2026-12-20', credits: 0, state: 'today' },
      ]),
    ).toBe('date,credits,state\r\n2026-12-19,,unknown\r\n2026-12-20,0,today\r\n');
  });

  it("merges today's rows by id, drops older days, keeps the newest 2,000", () => {
    const row = (id: number, at: number) => ({
      id,
      operation: 'x',
      credits: 1,
      at,
      tokenId: null,
      mint: null,
    });
    const kept = Array.from({ length: 1999 }, (_, i) => row(i + 1, 100));
    const merged = mergeRows(kept, [row(1999, 100), row(2000, 100), row(2001, 100), row(5000, 50)], 100);
    expect(merged).toHaveLength(2000);
    expect(merged[0]?.id).toBe(2);
    expect(merged.at(-1)?.id).toBe(2001);
  });
});

describe('plan usage for the alerts (80 % and 100 %, once per cycle)', () => {
  const plan = { credits: 1000, renewDay: 31 };
  const entry = (today: string, values: Record<number, number>) =>
    withDays(undefined, today, new Map(Object.entries(values).map(([k, v]) => [Number(k), v])));

  it('sums the cycle only (a 30-day month renews on the 30th) and alerts once per threshold and cycle', () => {
    // Nov 30 starts the cycle (November has no 31st); Nov 29 belongs to the previous one.
    const today = '2026-12-02';
    const history = entry(today, { 1: 300, 2: 300, 3: 5000 });
    const usage = derivePlanUsage(history, today, 250, plan);
    expect(usage).toEqual({ used: 850, cycleStart: '2026-11-30' });
    const figures = (used: number, periodStart: string) => ({
      total: used,
      periodStart,
      budget: 1000,
      warnPercent: 80,
    });
    let decision = decideBudgetAlert(null, figures(usage.used, usage.cycleStart));
    expect(decision.alert).toBe('warning');
    decision = decideBudgetAlert(decision.state, figures(900, usage.cycleStart));
    expect(decision.alert).toBe(null);
    decision = decideBudgetAlert(decision.state, figures(1000, usage.cycleStart));
    expect(decision.alert).toBe('over');
    // The next cycle starts over.
    decision = decideBudgetAlert(decision.state, figures(850, '2026-12-31'));
    expect(decision.alert).toBe('warning');
  });

  it('counts days not loaded as nothing (too low, never too high)', () => {
    expect(derivePlanUsage(undefined, '2026-12-02', 40, plan)).toEqual({
      used: 40,
      cycleStart: '2026-11-30',
    });
  });
});

describe('readings from the API', () => {
  it('reads today as the rows’ sum (Σ by_operation), placed within a request timeout before it arrived', () => {
    const reading = todayReading(
      {
        byOperation: { a: 5, token_analysis: 0, b: 7 },
        periodStart: '2026-12-21T00:00:00',
        fetchedAt: 50_000,
      },
      8_000,
    );
    expect(reading).toEqual({ k: 0, credits: 12, rows: null, day: '2026-12-21', sent: 42_000, at: 50_000 });
  });
});
