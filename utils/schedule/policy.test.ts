import { describe, expect, it } from 'vitest';
import { createEmptySnapshot, type FetchError, type Snapshot } from '../snapshot/types';
import {
  backoffDelay,
  budgetResumeAt,
  HOURLY_BUDGET_PER_ENDPOINT,
  isOffsetDue,
  isTransactionsPageCurrent,
  needsAnalysisAfter,
  planRequests,
  type RefreshReason,
  type RequestLog,
  retryAt,
  shouldRefresh,
  takeBudget,
} from './policy';

const NOW = 1_000_000_000;
const POLL = 30_000;
const rateLimited: FetchError = { kind: 'rate-limited', endpoint: '/x', message: '', at: NOW };
const offline: FetchError = { kind: 'offline', endpoint: '/x', message: '', at: NOW };

const snap = (patch: Partial<Snapshot>): Snapshot => ({ ...createEmptySnapshot(), ...patch });

describe('shouldRefresh', () => {
  const fresh = snap({ attemptAt: NOW - 1_000, updatedAt: NOW - 1_000 });
  const old = snap({ attemptAt: NOW - 40_000, updatedAt: NOW - 40_000 });
  const backoff = snap({
    attemptAt: NOW - 1_000,
    nextAttemptAt: NOW + 20_000,
    errors: [offline],
    failures: 2,
  });
  const limited = snap({
    attemptAt: NOW - 1_000,
    nextAttemptAt: NOW + 60_000,
    errors: [rateLimited],
    failures: 1,
  });
  const backoffOver = snap({
    attemptAt: NOW - 25_000,
    nextAttemptAt: NOW - 1,
    errors: [offline],
    failures: 2,
  });
  const never = createEmptySnapshot();

  it.each<[string, RefreshReason, Snapshot, boolean]>([
    ['manual always runs', 'manual', fresh, true],
    ['manual runs during a network backoff', 'manual', backoff, true],
    // The user asked; an endpoint the back end's limiter holds is left out by the engine.
    ['manual runs during a rate-limit backoff', 'manual', limited, true],
    ['manual runs during an outage backoff', 'manual', backoff, true],
    ['hint runs on fresh data', 'hint', old, true],
    ['hints right after a fetch coalesce', 'hint', snap({ attemptAt: NOW - 200 }), false],
    ['hint waits out a rate limit', 'hint', limited, false],
    ['poll runs when the interval passed', 'poll', old, true],
    ['poll allows an alarm firing a little early', 'poll', snap({ attemptAt: NOW - 25_000 }), true],
    ['poll skips right after another fetch', 'poll', fresh, false],
    ['poll skips during backoff', 'poll', backoff, false],
    ['retry runs once the backoff is over', 'retry', backoffOver, true],
    ['retry waits during backoff', 'retry', backoff, false],
    // A leftover retry alarm after a successful retry (e.g. the timer ran first) does nothing.
    [
      'retry after a success does nothing',
      'retry',
      snap({ attemptAt: NOW - 5_000, updatedAt: NOW - 5_000 }),
      false,
    ],
    // A hint or Refresh 5 s before the tick does not cost the tick (a charge shows within 31 s).
    ['poll runs 5 s after a hint-driven fetch', 'poll', snap({ attemptAt: NOW - 5_000 }), true],
    ['poll runs 1.1 s after another fetch', 'poll', snap({ attemptAt: NOW - 1_100 }), true],
    ['a hint waits out a network backoff', 'hint', backoff, false],
    ['focus revalidates old data', 'focus', old, true],
    ['focus leaves fresh data alone', 'focus', fresh, false],
    ['focus skips during backoff', 'focus', backoff, false],
    ['startup fetches when there is no data', 'startup', never, true],
    ['startup reuses fresh data', 'startup', fresh, false],
  ])('%s', (_name, reason, snapshot, expected) => {
    expect(shouldRefresh(reason, snapshot, NOW, POLL)).toBe(expected);
  });
});

describe('planRequests', () => {
  const caps = {
    tokensLatest: false,
    ingestStats: true,
    serverOffsetMin: 0,
    apiBase: 'http://a',
    probedAt: NOW,
  };
  const loaded = snap({
    capabilities: caps,
    recentAnalyses: { times: [], fetchedAt: NOW - 10_000 },
    ingest: {
      ingestAt: null,
      enrichAt: null,
      enrichCredits: null,
      hotRefreshAt: null,
      fetchedAt: NOW - 10_000,
    },
  });

  const olderRuns = {
    ingestAt: null,
    enrichAt: null,
    enrichCredits: null,
    hotRefreshAt: null,
    fetchedAt: NOW - 40_000,
  };

  it.each<[string, RefreshReason, Snapshot, string, Partial<ReturnType<typeof planRequests>>]>([
    [
      'first run probes and fetches everything',
      'startup',
      createEmptySnapshot(),
      'http://a',
      { probe: true, analysis: true, ingest: true },
    ],
    ['a changed API URL probes again', 'poll', loaded, 'http://b', { probe: true, analysis: true }],
    [
      'a poll with recent history skips the heavy fetch',
      'poll',
      loaded,
      'http://a',
      { probe: false, analysis: false, ingest: false },
    ],
    // At most once per 30 s for hints (a flood must not fetch the heavy history every time).
    [
      'a hint soon after a history fetch skips it',
      'hint',
      loaded,
      'http://a',
      { analysis: false, ingest: false },
    ],
    [
      'a hint fetches the history',
      'hint',
      { ...loaded, recentAnalyses: { times: [], fetchedAt: NOW - 30_000, checkedAt: NOW - 1_000 } },
      'http://a',
      { analysis: true, ingest: false },
    ],
    ['a manual refresh fetches everything', 'manual', loaded, 'http://a', { analysis: true, ingest: true }],
    [
      'history older than two minutes is fetched',
      'poll',
      { ...loaded, recentAnalyses: { times: [], fetchedAt: NOW - 121_000 } },
      'http://a',
      { analysis: true },
    ],
    [
      'a poll fetches ingest runs that would be too old at the next tick',
      'poll',
      { ...loaded, ingest: olderRuns },
      'http://a',
      { ingest: true },
    ],
    [
      'a hint leaves them to the poll (steady use stays under 6 requests a minute)',
      'hint',
      { ...loaded, ingest: olderRuns },
      'http://a',
      { ingest: false },
    ],
    // A probe completes only with the ingest endpoint's answer: left to the ingest age, a
    // re-probe (new session) at a tick where ingest is not due never completed and ran again
    // every minute, range and history included.
    [
      'a re-probe asks for ingest runs even when they are recent',
      'poll',
      { ...loaded, capabilities: { ...caps, probedAt: 0 } },
      'http://a',
      { probe: true, analysis: true, ingest: true, offset: true },
    ],
    [
      'an absent ingest endpoint is not asked again',
      'manual',
      { ...loaded, capabilities: { ...caps, ingestStats: false } },
      'http://a',
      { ingest: false },
    ],
    [
      'ingest found missing at the probe 9 min 59 s ago: not yet asked again',
      'poll',
      { ...loaded, capabilities: { ...caps, ingestStats: false, probedAt: NOW - 599_999 } },
      'http://a',
      { ingest: false },
    ],
    [
      'ingest found missing at the probe 10 min ago: asked again (a fault of the moment looks the same)',
      'poll',
      { ...loaded, capabilities: { ...caps, ingestStats: false, probedAt: NOW - 600_000 } },
      'http://a',
      { ingest: true, probe: false },
    ],
    [
      'found missing again 5 min ago: the next ask waits 10 min from then',
      'poll',
      {
        ...loaded,
        capabilities: {
          ...caps,
          ingestStats: false,
          probedAt: NOW - 3_600_000,
          ingestMissingAt: NOW - 300_000,
        },
      },
      'http://a',
      { ingest: false },
    ],
  ])('%s', (_name, reason, snapshot, apiBase, expected) => {
    const plan = planRequests(reason, snapshot, NOW, apiBase);
    expect(plan).toMatchObject({ credits: true, transactions: true, ...expected });
  });
});

describe('the server offset is measured again', () => {
  const DAY_START = NOW - 3_600_000;
  const measured = {
    tokensLatest: false,
    ingestStats: true,
    serverOffsetMin: 60,
    apiBase: 'http://a',
    probedAt: NOW - 60_000,
    offsetAt: NOW - 60_000,
  };
  const base = snap({
    capabilities: measured,
    credits: {
      total: 0,
      byOperation: {},
      periodStart: 'x',
      dayStartMs: DAY_START,
      dayEndMs: DAY_START + 86_400_000,
      fetchedAt: NOW - 30_000,
    },
  });
  const withCaps = (patch: object) => ({ ...base, capabilities: { ...measured, ...patch } });
  it.each<[string, Snapshot, number, boolean]>([
    ['a recent measurement is kept', base, NOW, false],
    ['every six hours', base, NOW - 60_000 + 6 * 3_600_000, true],
    ['a failed measurement (unknown offset)', withCaps({ serverOffsetMin: null }), NOW, true],
    ['asked for by the reducer (the day did not fit)', withCaps({ offsetAt: 0 }), NOW, true],
    ['measured before the current server day began', withCaps({ offsetAt: DAY_START - 1 }), NOW, true],
    ['the server day is due to roll over', base, DAY_START + 86_400_000, true],
    ['older snapshots: probedAt stands for it', withCaps({ offsetAt: undefined }), NOW, false],
    ['not probed at all', snap({}), NOW, true],
  ])('%s', (_name, snapshot, now, expected) => {
    expect(isOffsetDue(snapshot, now)).toBe(expected);
    expect(planRequests('poll', snapshot, now, 'http://a').offset).toBe(expected);
  });

  it('a new browser session re-probes the capabilities (probedAt 0)', () => {
    expect(planRequests('startup', withCaps({ probedAt: 0 }), NOW, 'http://a').probe).toBe(true);
  });
});

describe('needsAnalysisAfter', () => {
  it.each([
    [null, null, false],
    [null, 5, true],
    [5, null, false],
    [5, 5, false],
    [5, 9, true],
    [9, 5, false],
  ])('previous %s, new %s → %s', (prev, next, expected) => {
    expect(needsAnalysisAfter(prev, next)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [4, 480_000],
    [5, 900_000],
    [20, 900_000],
  ])('rate limit after %i failures waits %i ms', (failures, expected) => {
    expect(backoffDelay('rate-limited', failures, 0.5)).toBe(expected);
  });

  it.each([
    [1, 1, 10_000],
    [2, 1, 20_000],
    [3, 1, 30_000],
    [10, 1, 30_000],
    [1, 0, 5_000],
    [6, 0.5, 28_500],
    [6, 0, 27_000],
  ])(
    'failure %i with random %f waits %i ms (jitter, 5 s floor, capped at the 30 s interval)',
    (failures, random, expected) => {
      expect(backoffDelay('failure', failures, random)).toBe(expected);
    },
  );

  it('a ten-minute outage costs about two attempts a minute and recovers within an interval', () => {
    // One light request per attempt: count attempts over 10 minutes with the worst jitter.
    for (const random of [0, 0.5, 1]) {
      let t = 0;
      let failures = 0;
      let attempts = 0;
      let longest = 0;
      while (t < 600_000) {
        failures += 1;
        attempts += 1;
        const wait = backoffDelay('failure', failures, random, 30_000);
        longest = Math.max(longest, wait);
        t += wait;
      }
      expect(attempts).toBeLessThanOrEqual(25);
      expect(longest).toBeLessThanOrEqual(30_000);
    }
    expect(backoffDelay('failure', 20, 1, 300_000), 'a 5 min interval allows 5 min').toBe(300_000);
  });
});

describe('retryAt', () => {
  it.each([
    ['a rate limit counts from the end', 'rate-limited', 1, 1, NOW - 8_000, NOW + 60_000],
    ['a hang of 8 s: never sooner than 5 s after it ended', 'failure', 1, 1, NOW - 8_000, NOW + 5_000],
    ['a hang of 8 s: a longer wait counts from its start', 'failure', 2, 1, NOW - 8_000, NOW + 12_000],
    ['a refusal counts from its start', 'failure', 1, 1, NOW, NOW + 10_000],
    ['a long outage, at the 30 s interval', 'failure', 10, 0.5, NOW - 8_000, NOW + 20_500],
  ] as const)('%s', (_name, kind, failures, random, startedAt, expected) => {
    expect(retryAt(kind, failures, { random, pollMs: POLL, startedAt, now: NOW })).toBe(expected);
  });
});

describe('takeBudget', () => {
  it('allows up to the hourly budget, then refuses until the hour slides', () => {
    const log: RequestLog = {};
    let t = NOW;
    for (let i = 0; i < HOURLY_BUDGET_PER_ENDPOINT; i += 1) {
      expect(takeBudget(log, '/a', t)).toBe(true);
      t += 1_000;
    }
    expect(takeBudget(log, '/a', t)).toBe(false);
    expect(takeBudget(log, '/b', t), 'other endpoints have their own budget').toBe(true);
    expect(takeBudget(log, '/a', NOW + 3_600_000 + 1)).toBe(true);
  });

  it('says when a spent budget has room again', () => {
    const log: RequestLog = {};
    for (let i = 0; i < HOURLY_BUDGET_PER_ENDPOINT; i += 1) takeBudget(log, '/a', NOW + i * 1_000);
    expect(budgetResumeAt(log, '/a', NOW + 200_000)).toBe(NOW + 3_600_000);
  });

  it('drops entries from the future (a clock that jumped back)', () => {
    const log: RequestLog = { '/a': Array.from({ length: 200 }, () => NOW + 10_000_000) };
    expect(takeBudget(log, '/a', NOW)).toBe(true);
    expect(log['/a']).toEqual([NOW]);
  });
});

describe('isTransactionsPageCurrent', () => {
  const SIGN = '2026-11-23T00:00:00 1753 64';
  const known = { sign: SIGN, pageAt: NOW - 60_000 };
  it.each<
    [string, RefreshReason, { sign: string | null | undefined; pageAt: number }, string | null, boolean]
  >([
    ['same day, total and count: not asked', 'poll', known, SIGN, true],
    ['a hint with nothing new: not asked', 'hint', known, SIGN, true],
    ['one more row: asked', 'poll', known, '2026-11-23T00:00:00 1753 65', false],
    ['more credits: asked', 'poll', known, '2026-11-23T00:00:00 1765 64', false],
    ['a new day with the same figures: asked', 'poll', known, '2026-11-24T00:00:00 1753 64', false],
    ['count unknown now: asked', 'poll', known, null, false],
    ['no page read yet (no sign): asked', 'poll', { sign: null, pageAt: NOW - 60_000 }, SIGN, false],
    [
      'an older snapshot without a sign: asked',
      'poll',
      { sign: undefined, pageAt: NOW - 60_000 },
      SIGN,
      false,
    ],
    ['the user asked: asked', 'manual', known, SIGN, false],
    ['page 1:59 old: not asked', 'poll', { sign: SIGN, pageAt: NOW - 119_999 }, SIGN, true],
    ['page 2 min old: asked (safety net)', 'poll', { sign: SIGN, pageAt: NOW - 120_000 }, SIGN, false],
    [
      'never read by this worker: asked',
      'poll',
      { sign: SIGN, pageAt: Number.NEGATIVE_INFINITY },
      SIGN,
      false,
    ],
  ])('%s', (_name, reason, k, sign, expected) => {
    expect(isTransactionsPageCurrent(reason, k, sign, NOW)).toBe(expected);
  });
});
