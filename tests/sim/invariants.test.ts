/** The simulation's snapshot schema and figure ages, as tables: they must reject what is wrong. */
import { describe, expect, it } from 'vitest';
import { createEmptySnapshot, type Snapshot } from '../../utils/snapshot/types';
import { checkSnapshot, figureTimes } from './invariants';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const DAY_START = Date.parse('2026-11-23T00:00:00Z');

function sound(): Snapshot {
  return {
    ...createEmptySnapshot(),
    updatedAt: NOW - 1000,
    attemptAt: NOW - 1000,
    credits: {
      total: 12,
      byOperation: { wallet_balance: 12 },
      periodStart: '2026-11-23T00:00:00',
      dayStartMs: DAY_START,
      dayEndMs: DAY_START + 86_400_000,
      fetchedAt: NOW - 1000,
    },
    recentAnalyses: { times: [NOW - 5000, NOW - 9000], fetchedAt: NOW - 1000 },
    events: [
      {
        id: 9,
        firstId: 7,
        operation: 'wallet_balance',
        credits: 3,
        count: 3,
        at: NOW - 2000,
        analysis: false,
      },
      {
        id: 5,
        firstId: 5,
        operation: 'token_analysis',
        credits: 205,
        count: 1,
        at: NOW - 9000,
        analysis: true,
      },
    ],
    capabilities: {
      tokensLatest: false,
      ingestStats: true,
      serverOffsetMin: 330,
      apiBase: 'http://localhost:5003',
      probedAt: NOW - 60_000,
    },
  };
}

describe('checkSnapshot', () => {
  it('accepts the empty snapshot and a sound one', () => {
    expect(checkSnapshot(createEmptySnapshot(), NOW)).toBeNull();
    expect(checkSnapshot(sound(), NOW)).toBeNull();
  });

  it.each<[string, (s: Snapshot) => unknown, RegExp]>([
    [
      'a 46-hour credit day',
      (s) => ({ ...s, credits: { ...s.credits, dayEndMs: DAY_START + 46 * 3_600_000 } }),
      /22–26 hours/,
    ],
    [
      'a 23-hour credit day is fine (DST)',
      (s) => ({ ...s, credits: { ...s.credits, dayEndMs: DAY_START + 23 * 3_600_000 } }),
      /^$/,
    ],
    [
      'a period start that is not a midnight',
      (s) => ({ ...s, credits: { ...s.credits, periodStart: '2026-11-23T01:00:00' } }),
      /credits/,
    ],
    ['negative credits', (s) => ({ ...s, credits: { ...s.credits, total: -1 } }), /credits/],
    ['events out of order', (s) => ({ ...s, events: [...s.events].reverse() }), /newest first/],
    [
      'an event whose first id is above its id',
      (s) => ({ ...s, events: [{ ...s.events[0], firstId: 99 }] }),
      /firstId/,
    ],
    [
      'analysis times out of order',
      (s) => ({ ...s, recentAnalyses: { times: [1, 2], fetchedAt: NOW } }),
      /newest first/,
    ],
    [
      'an offset off the 15-minute grid',
      (s) => ({ ...s, capabilities: { ...s.capabilities, serverOffsetMin: 7 } }),
      /grid/,
    ],
    [
      'an unknown error kind',
      (s) => ({ ...s, errors: [{ kind: 'oops', endpoint: '/x', message: 'm', at: NOW }] }),
      /errors/,
    ],
    ['an unknown socket state', (s) => ({ ...s, socket: 'open' }), /socket/],
    ['updatedAt in the future', (s) => ({ ...s, updatedAt: NOW + 1 }), /future/],
    ['updatedAt without credits', (s) => ({ ...s, credits: null }), /without credits/],
    [
      'display text stored with the data',
      (s) => ({ ...s, summary: { credits: '1,284', day: 'Today' } }),
      /summary: display text/,
    ],
  ])('%s', (_name, change, expected) => {
    const problem = checkSnapshot(change(sound()), NOW) ?? '';
    expect(problem).toMatch(expected);
  });
});

describe('checkSnapshot, checked field by field with the passing values remembered', () => {
  it('finds a bad field however often it is written, and a good one after it', () => {
    const bad = { ...sound(), socket: 'open' };
    expect(checkSnapshot(sound(), NOW)).toBeNull();
    expect(checkSnapshot(bad, NOW)).toMatch(/^socket: /);
    expect(checkSnapshot(bad, NOW)).toMatch(/^socket: /);
    expect(checkSnapshot(sound(), NOW)).toBeNull();
    expect(checkSnapshot('snapshot', NOW)).toMatch(/not an object/);
    expect(checkSnapshot([], NOW)).toMatch(/not an object/);
  });
});

describe('figureTimes', () => {
  it('prefers the confirmation times and lists only the figures there are', () => {
    const s = {
      ...sound(),
      recentAnalyses: { times: [], fetchedAt: 1, checkedAt: 5 },
      transactionsAt: 7,
      ingest: { ingestAt: null, enrichAt: null, enrichCredits: null, hotRefreshAt: null, fetchedAt: 9 },
    } as Snapshot;
    expect(figureTimes(s)).toEqual([
      ['credits', NOW - 1000],
      ['tokens scanned', 5],
      ['recent credits', 7],
      ['ingest runs', 9],
    ]);
    expect(figureTimes(createEmptySnapshot())).toEqual([]);
  });
});
