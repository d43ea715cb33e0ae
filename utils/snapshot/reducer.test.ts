import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foldRefresh } from '../../tests/unit/fold-answers';
import type { ApiResult } from '../meridinate/domain';
import {
  CreditsTodaySchema,
  IngestQueueStatsSchema,
  TokensHistorySchema,
  TokensLatestSchema,
  TransactionsSchema,
  validate,
} from '../meridinate/schemas';
import { countScannedToday } from './scanned';
import { createEmptySnapshot, type Snapshot } from './types';

/** Folds raw answers as the engine does: made domain rows by the normaliser, then reduced. */
const reduceSnapshot = (...args: Parameters<typeof foldRefresh>) => foldRefresh(...args).snapshot;

const load = (version: 'old' | 'head', name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../tests/fixtures/meridinate/${version}/${name}`, import.meta.url), 'utf8'),
  );

function ok<T>(schema: Parameters<typeof validate<T>>[0], body: unknown): ApiResult<T> {
  const checked = validate(schema, body);
  if (!checked.ok) throw new Error(checked.reason);
  return { ok: true, value: checked.value, etag: null };
}
const fail = (kind: 'offline' | 'rate-limited' | 'bad-data' | 'not-found' | 'timeout', status?: number) =>
  ({ ok: false, kind, status, message: kind }) as const;

// The fixtures were recorded on 2026-11-23 (UTC server); "now" is shortly after.
const NOW = Date.UTC(2026, 10, 23, 22, 30);
const OPTIONS = { pollMs: 30_000, random: 0.5, fallbackOffsetMin: 0 };
const caps = (tokensLatest: boolean, serverOffsetMin: number | null = 0) => ({
  tokensLatest,
  ingestStats: true,
  serverOffsetMin,
  apiBase: 'http://localhost:5003',
  probedAt: NOW,
});

function fullRefresh(version: 'old' | 'head', prev: Snapshot = createEmptySnapshot()) {
  return reduceSnapshot(
    prev,
    {
      capabilities: caps(version === 'head'),
      credits: ok(CreditsTodaySchema, load(version, 'credits-today.json')),
      transactions: ok(TransactionsSchema, load(version, 'credits-transactions-limit5.json')),
      history: ok(TokensHistorySchema, load(version, 'tokens-history.json')),
      latest:
        version === 'head'
          ? ok(TokensLatestSchema, load('head', 'tokens-latest.json'))
          : fail('not-found', 422),
    },
    NOW,
    OPTIONS,
  );
}

describe('reduceSnapshot on the real fixtures', () => {
  it.each(['old', 'head'] as const)('%s: every figure', (version) => {
    const s = fullRefresh(version);
    expect(s.credits?.total).toBe(1753);
    expect(s.credits?.byOperation).toMatchObject({ transactions_for_address: 1700, token_analysis: 0 });
    expect(s.credits?.dayStartMs).toBe(Date.UTC(2026, 10, 23));
    expect(s.credits?.dayEndMs).toBe(Date.UTC(2026, 10, 24));
    expect(countScannedToday(s)).toBe(8);
    expect(s.latest?.name).toBe('Bonk Ultra');
    expect(s.latest?.tokenId).toBe(8);
    expect(s.latest?.credits).toBe(205);
    expect(s.events[0]?.id).toBe(58);
    expect(s.lastTransactionId).toBe(58);
    expect(s.errors).toEqual([]);
    expect(s.updatedAt).toBe(NOW);
    expect(s.failures).toBe(0);
  });

  it('head: the latest comes from /api/tokens/latest when it answers', () => {
    const s = fullRefresh('head');
    expect(s.latest?.at).toBe(Date.parse('2026-11-23T22:16:50Z'));
  });

  it('old: the 422 of /api/tokens/latest is a capability, not an error', () => {
    const s = fullRefresh('old');
    expect(s.errors).toEqual([]);
    expect(s.latest?.at).toBe(Date.parse('2026-11-23T22:20:05Z'));
  });
});

describe('reduceSnapshot keeps what it knew', () => {
  const good = fullRefresh('old');

  it('a failed endpoint keeps its last value and records a readable error', () => {
    const later = NOW + 30_000;
    const s = reduceSnapshot(
      good,
      { credits: fail('bad-data', 200), transactions: ok(TransactionsSchema, { transactions: [] }) },
      later,
      OPTIONS,
    );
    expect(s.credits?.total).toBe(1753);
    expect(s.credits?.fetchedAt).toBe(NOW);
    expect(s.errors).toEqual([
      { kind: 'bad-data', status: 200, endpoint: '/api/stats/credits/today', message: 'bad-data', at: later },
    ]);
    expect(s.updatedAt, 'partial success is not a full update').toBe(NOW);
    expect(s.failures).toBe(0);
    expect(s.nextAttemptAt).toBeNull();
  });

  it('everything failing backs off, and the figures stay', () => {
    const offline = { credits: fail('offline'), transactions: fail('offline') };
    const s1 = reduceSnapshot(good, offline, NOW + 1, OPTIONS);
    expect(s1.failures).toBe(1);
    expect(s1.nextAttemptAt).toBe(NOW + 1 + 5_000);
    expect(s1.credits?.total).toBe(1753);
    expect(s1.latest?.name).toBe('Bonk Ultra');
    const s2 = reduceSnapshot(s1, offline, NOW + 2, OPTIONS);
    expect(s2.failures).toBe(2);
    // An outage means probing again (probedAt 0), keeping the server's offset meanwhile (issue 13,
    // bug 1: dropping it put the figures on the browser's day).
    expect(s2.capabilities?.probedAt, 'an outage means probing again').toBe(0);
    expect(s2.capabilities?.serverOffsetMin).toBe(good.capabilities?.serverOffsetMin);
  });

  it('a 429 holds back its own endpoint for at least a minute, not the others', () => {
    const s = reduceSnapshot(
      good,
      { credits: fail('rate-limited', 429), transactions: ok(TransactionsSchema, { transactions: [] }) },
      NOW,
      OPTIONS,
    );
    expect(s.paused).toEqual([{ endpoint: '/api/stats/credits/today', until: NOW + 60_000, strikes: 1 }]);
    expect(s.errors[0]?.kind).toBe('rate-limited');
    expect(s.nextAttemptAt, 'not an outage: the other endpoints keep their pace').toBeNull();
    expect(s.failures).toBe(0);
    expect(s.transactionsAt).toBe(NOW);
  });

  it('429s in a row double the hold up to 15 minutes; an answer clears it', () => {
    const limitedAgain = (prev: Snapshot, at: number) =>
      reduceSnapshot(prev, { transactions: fail('rate-limited', 429) }, at, OPTIONS);
    let s = good;
    const holds: number[] = [];
    let at = NOW;
    for (let i = 0; i < 6; i += 1) {
      s = limitedAgain(s, at);
      const hold = s.paused?.find((p) => p.endpoint === '/api/stats/credits/transactions');
      holds.push(((hold?.until ?? at) - at) / 60_000);
      // Asked again once the hold is over (the hold stays, with its strikes, until an answer).
      at = (hold?.until ?? at) + 1_000;
      s = reduceSnapshot(
        s,
        { credits: ok(CreditsTodaySchema, load('old', 'credits-today.json')) },
        at - 500,
        OPTIONS,
      );
      expect(
        s.paused?.some((p) => p.strikes),
        'an expired hold keeps its strikes',
      ).toBe(true);
    }
    expect(holds).toEqual([1, 2, 4, 8, 15, 15]);
    s = reduceSnapshot(s, { transactions: ok(TransactionsSchema, { transactions: [] }) }, at, OPTIONS);
    expect(s.paused).toEqual([]);
  });

  it('a page left unasked (no new row) keeps Recent Credits current, and the analyses only if they were at the last page', () => {
    const later = NOW + 30_000;
    const proven = reduceSnapshot(good, { transactionsUnchanged: true }, later, OPTIONS);
    expect(proven.transactionsAt).toBe(later);
    expect(proven.recentAnalyses?.checkedAt).toBe(later);
    expect(proven.latest?.checkedAt).toBe(later);
    // An analysis row seen at the last page that the history does not cover yet: not proven.
    const behind: Snapshot = {
      ...good,
      recentAnalyses: good.recentAnalyses && { ...good.recentAnalyses, checkedAt: NOW - 1 },
    };
    const notProven = reduceSnapshot(behind, { transactionsUnchanged: true }, later, OPTIONS);
    expect(notProven.transactionsAt).toBe(later);
    expect(notProven.recentAnalyses?.checkedAt).toBe(NOW - 1);
  });

  it('every endpoint asked answering 429 is not an outage either', () => {
    const s = reduceSnapshot(good, { credits: fail('rate-limited', 429) }, NOW, OPTIONS);
    expect(s.failures).toBe(0);
    expect(s.nextAttemptAt).toBeNull();
    expect(s.updatedAt, 'no figure was updated').toBe(good.updatedAt);
  });

  it('a 304 on the history keeps the analyses and renews their age', () => {
    const s = reduceSnapshot(
      good,
      { history: { ok: true, notModified: true, etag: 'x' } },
      NOW + 60_000,
      OPTIONS,
    );
    expect(s.recentAnalyses?.times).toEqual(good.recentAnalyses?.times);
    expect(s.recentAnalyses?.fetchedAt).toBe(NOW + 60_000);
  });

  it('ids lower than seen before (back end reset) start the events over', () => {
    const s = reduceSnapshot(
      { ...good, lastAnalysisTxId: 60 },
      {
        transactions: ok(TransactionsSchema, {
          transactions: [
            { id: 3, operation: 'wallet_balance', credits: 1, timestamp: '2026-11-23T22:29:00' },
          ],
        }),
      },
      NOW,
      OPTIONS,
    );
    expect(s.events.map((e) => e.id)).toEqual([3]);
    expect(s.lastTransactionId).toBe(3);
    expect(s.lastAnalysisTxId, 'no analysis row since the reset').toBeNull();
  });
});

describe('usage over the day', () => {
  it('counts the transactions seen per hour of the credit day and per minute, once each', () => {
    const first = fullRefresh('old');
    // The fixture's five rows (1 + 100 + 100 + 1 + 1 cr), all at 22:20:05.
    expect(first.usage?.hours).toEqual([[Date.UTC(2026, 10, 23, 22), 203]]);
    expect(first.usage?.minutes).toEqual([[Date.UTC(2026, 10, 23, 22, 20), 203]]);
    // The same page again adds nothing.
    expect(fullRefresh('old', first).usage?.hours).toEqual(first.usage?.hours);
  });
});

describe('tokens scanned today follows the credit day', () => {
  const withDay = (
    periodStart: string,
    periodEnd: string,
    offset: number | null,
    times: number[],
  ): Snapshot => {
    const s = reduceSnapshot(
      { ...createEmptySnapshot(), capabilities: caps(false, offset) },
      {
        credits: ok(CreditsTodaySchema, {
          total_credits: 1,
          period_start: periodStart,
          period_end: periodEnd,
          by_operation: {},
        }),
      },
      NOW,
      { ...OPTIONS, fallbackOffsetMin: 60 },
    );
    return { ...s, recentAnalyses: { times, fetchedAt: NOW } };
  };
  const utc = (iso: string) => Date.parse(`${iso}Z`);

  it.each([
    {
      name: 'UTC server: from UTC midnight',
      day: ['2026-11-23T00:00:00', '2026-11-24T00:00:00', 0] as const,
      times: [utc('2026-11-23T00:00:00'), utc('2026-11-22T23:59:59'), utc('2026-11-23T22:00:00')],
      expected: 2,
    },
    {
      name: 'Chicago server (−6 h): the day starts at 06:00 UTC',
      day: ['2026-11-23T00:00:00', '2026-11-24T00:00:00', -360] as const,
      times: [utc('2026-11-23T05:59:59'), utc('2026-11-23T06:00:00'), utc('2026-11-24T05:00:00')],
      expected: 2,
    },
    {
      name: 'Kolkata server (+5:30): the day starts at 18:30 UTC the evening before',
      day: ['2026-11-23T00:00:00', '2026-11-24T00:00:00', 330] as const,
      times: [utc('2026-11-22T18:30:00'), utc('2026-11-22T18:29:59'), utc('2026-11-23T18:29:59')],
      expected: 2,
    },
    {
      name: 'unknown offset falls back to the browser’s (+1 h here)',
      day: ['2026-11-23T00:00:00', '2026-11-24T00:00:00', null] as const,
      times: [utc('2026-11-22T23:00:00'), utc('2026-11-22T22:59:59')],
      expected: 1,
    },
  ])('$name', ({ day, times, expected }) => {
    expect(countScannedToday(withDay(day[0], day[1], day[2], times))).toBe(expected);
  });

  it('is unknown until both the day and the analyses are known', () => {
    expect(countScannedToday(createEmptySnapshot())).toBeNull();
  });
});

describe('ingest runs', () => {
  it.each([
    {
      name: 'OLD fields, server-local with microseconds',
      body: {
        total: 3,
        last_tier0_run_at: '2026-11-23T16:35:30.123456',
        last_tier1_run_at: null,
        last_tier1_credits_used: 40,
      },
      offset: -360,
      expected: { ingestAt: Date.parse('2026-11-23T22:35:30.123Z'), enrichAt: null, enrichCredits: 40 },
    },
    {
      name: 'HEAD: the newer of discovery and tier-0',
      body: {
        total: 0,
        last_tier0_run_at: '2026-05-01T10:00:00.000000',
        last_discovery_run_at: '2026-05-01T23:08:27.866528',
        last_tier1_credits_used: 0,
      },
      offset: 0,
      expected: { ingestAt: Date.parse('2026-05-01T23:08:27.866Z') },
    },
  ])('$name', ({ body, offset, expected }) => {
    const s = reduceSnapshot(
      { ...createEmptySnapshot(), capabilities: caps(false, offset) },
      { ingest: ok(IngestQueueStatsSchema, body) },
      NOW,
      OPTIONS,
    );
    expect(s.ingest).toMatchObject(expected);
  });
});

describe('hostile data', () => {
  it('a hostile latest name is cleaned for display and kept raw (as text) for the tooltip', () => {
    const s = reduceSnapshot(
      { ...createEmptySnapshot(), capabilities: caps(true) },
      {
        latest: ok(TokensLatestSchema, {
          token_id: 1,
          token_name: '\u202Egnp.exe<img src=x onerror=alert(1)>',
          token_symbol: null,
          analysis_timestamp: '2026-11-23 22:00:00',
          wallets_found: 1,
          credits_used: 5,
        }),
      },
      NOW,
      OPTIONS,
    );
    expect(s.latest?.name).toBe('gnp.exe<img src=x onerror=alert(1)>');
    expect(s.latest?.rawName.startsWith('\u202E')).toBe(true);
  });

  it('a name that is not a string falls back to the symbol, then the address', () => {
    const s = reduceSnapshot(
      createEmptySnapshot(),
      {
        history: ok(TokensHistorySchema, {
          total: 1,
          tokens: [
            {
              id: 1,
              token_name: 42,
              token_symbol: null,
              token_address: 'CCg39mfUrjUwHrddEwXs36r9V11a2v2Q8iwmx3Dpump',
              analysis_timestamp: '2026-11-23 22:00:00',
            },
          ],
        }),
      },
      NOW,
      OPTIONS,
    );
    expect(s.latest?.name).toBe('CCg3…pump');
  });

  it('an empty HEAD database gives no latest, not an error', () => {
    const s = reduceSnapshot(
      createEmptySnapshot(),
      {
        latest: ok(TokensLatestSchema, {
          token_id: null,
          token_name: null,
          token_symbol: null,
          analysis_timestamp: null,
          wallets_found: null,
          credits_used: null,
        }),
      },
      NOW,
      OPTIONS,
    );
    expect(s.latest).toBeNull();
    expect(s.errors).toEqual([]);
  });
});

describe('which answers move "updated" (a refresh that tried something and had no error)', () => {
  const credits = () => ok(CreditsTodaySchema, load('old', 'credits-today.json'));
  const prev = { ...createEmptySnapshot(), updatedAt: NOW - 60_000 };
  it.each<[string, Parameters<typeof reduceSnapshot>[1], number | null]>([
    ['credits answered', { credits: credits() }, NOW],
    ['nothing asked', {}, NOW - 60_000],
    ['only a missing optional endpoint (latest)', { latest: fail('not-found', 404) }, NOW - 60_000],
    ['only a missing optional endpoint (ingest)', { ingest: fail('not-found', 404) }, NOW - 60_000],
    ['credits, and a missing optional endpoint', { credits: credits(), latest: fail('not-found', 404) }, NOW],
    ['credits failed', { credits: fail('offline') }, NOW - 60_000],
    [
      'credits answered, transactions failed',
      { credits: credits(), transactions: fail('timeout') },
      NOW - 60_000,
    ],
  ])('%s', (_name, results, updatedAt) => {
    expect(reduceSnapshot(prev, { capabilities: caps(false), ...results }, NOW, OPTIONS).updatedAt).toBe(
      updatedAt,
    );
  });
});

describe("a day counted with the browser's guess of the server's offset", () => {
  const credits = () => ok(CreditsTodaySchema, load('old', 'credits-today.json'));
  it.each<[string, Parameters<typeof reduceSnapshot>[1], boolean]>([
    ['no offset measured yet (the probe has not finished): unsure', { credits: credits() }, true],
    ['offset measured by the probe: known', { credits: credits(), capabilities: caps(false, 0) }, false],
    [
      'capabilities without an offset (its read failed): unsure',
      { credits: credits(), capabilities: caps(false, null) },
      true,
    ],
  ])('%s', (_name, results, unsure) => {
    const s = reduceSnapshot(createEmptySnapshot(), results, NOW, OPTIONS);
    expect(s.credits?.total).toBe(1753);
    expect(s.credits?.dayStartUnknown === true).toBe(unsure);
  });
});

describe('ingest stats found missing (404/422)', () => {
  const missing = { ...caps(false), ingestStats: false };
  const runs = {
    ingestAt: 1,
    enrichAt: null,
    enrichCredits: null,
    hotRefreshAt: null,
    fetchedAt: NOW - 90_000,
  };
  const stats = () =>
    ok(IngestQueueStatsSchema, {
      total: 0,
      last_tier0_run_at: '2026-11-23T21:00:00.000000',
      last_tier1_credits_used: 0,
    });
  it('shows nothing of them rather than an old figure drawn stale for good', () => {
    const s = reduceSnapshot(
      { ...createEmptySnapshot(), ingest: runs, capabilities: missing },
      {},
      NOW,
      OPTIONS,
    );
    expect(s.ingest).toBeNull();
  });
  it('notes when they were found missing again', () => {
    const s = reduceSnapshot(
      { ...createEmptySnapshot(), capabilities: missing },
      { ingest: fail('not-found', 422) },
      NOW,
      OPTIONS,
    );
    expect(s.capabilities).toMatchObject({ ingestStats: false, ingestMissingAt: NOW });
    expect(s.errors).toEqual([]);
  });
  it('brings them back as soon as they answer', () => {
    const s = reduceSnapshot(
      { ...createEmptySnapshot(), capabilities: { ...missing, ingestMissingAt: NOW - 600_000 } },
      { ingest: stats() },
      NOW,
      OPTIONS,
    );
    expect(s.capabilities?.ingestStats).toBe(true);
    expect(s.capabilities && 'ingestMissingAt' in s.capabilities).toBe(false);
    expect(s.ingest?.fetchedAt).toBe(NOW);
  });
});
