import { describe, expect, it } from 'vitest';
import { createEmptySnapshot, type FetchError, type Snapshot } from '../snapshot/types';
import {
  backoffDelay,
  HOURLY_BUDGET_PER_ENDPOINT,
  needsAnalysisAfter,
  planRequests,
  type RefreshReason,
  type RequestLog,
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
    ['manual waits out a rate limit', 'manual', limited, false],
    ['hint runs on fresh data', 'hint', old, true],
    ['hints right after a fetch coalesce', 'hint', snap({ attemptAt: NOW - 200 }), false],
    ['hint waits out a rate limit', 'hint', limited, false],
    ['poll runs when the interval passed', 'poll', old, true],
    ['poll allows an alarm firing a little early', 'poll', snap({ attemptAt: NOW - 25_000 }), true],
    ['poll skips right after another fetch', 'poll', fresh, false],
    ['poll skips during backoff', 'poll', backoff, false],
    ['retry runs once the backoff is over', 'retry', backoffOver, true],
    ['retry waits during backoff', 'retry', backoff, false],
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
    ['a hint fetches the history', 'hint', loaded, 'http://a', { analysis: true, ingest: false }],
    ['a manual refresh fetches everything', 'manual', loaded, 'http://a', { analysis: true, ingest: true }],
    [
      'history older than two minutes is fetched',
      'poll',
      { ...loaded, recentAnalyses: { times: [], fetchedAt: NOW - 121_000 } },
      'http://a',
      { analysis: true },
    ],
    [
      'an absent ingest endpoint is not asked again',
      'manual',
      { ...loaded, capabilities: { ...caps, ingestStats: false } },
      'http://a',
      { ingest: false },
    ],
  ])('%s', (_name, reason, snapshot, apiBase, expected) => {
    const plan = planRequests(reason, snapshot, NOW, apiBase);
    expect(plan).toMatchObject({ credits: true, transactions: true, ...expected });
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
    [3, 1, 40_000],
    [10, 1, 300_000],
    [1, 0, 5_000],
    [6, 0.5, 150_000],
  ])(
    'failure %i with random %f waits %i ms (full jitter, 5 s floor, 5 min cap)',
    (failures, random, expected) => {
      expect(backoffDelay('failure', failures, random)).toBe(expected);
    },
  );
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

  it('drops entries from the future (a clock that jumped back)', () => {
    const log: RequestLog = { '/a': Array.from({ length: 200 }, () => NOW + 10_000_000) };
    expect(takeBudget(log, '/a', NOW)).toBe(true);
    expect(log['/a']).toEqual([NOW]);
  });
});
