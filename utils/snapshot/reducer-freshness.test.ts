import { describe, expect, it } from 'vitest';
import { foldRefresh } from '../../tests/unit/fold-answers';
import type { ApiResult } from '../meridinate/domain';
import { TRANSACTIONS_PAGE } from '../meridinate/endpoints';
import { normaliseTransaction } from '../meridinate/reads';
import {
  CreditsRangeSchema,
  CreditsTodaySchema,
  TokensHistorySchema,
  TokensLatestSchema,
  type Transaction,
  TransactionsSchema,
  validate,
} from '../meridinate/schemas';
import { provesHistoryCurrent } from './reducer';
import { countScannedToday } from './scanned';
import { createEmptySnapshot, type Snapshot } from './types';

/** Folds raw answers as the engine does: made domain rows by the normaliser, then reduced. */
const reduceSnapshot = (...args: Parameters<typeof foldRefresh>) => foldRefresh(...args).snapshot;

function ok<T>(schema: Parameters<typeof validate<T>>[0], body: unknown): ApiResult<T> {
  const checked = validate(schema, body);
  if (!checked.ok) throw new Error(checked.reason);
  return { ok: true, value: checked.value, etag: null };
}
const fail = { ok: false, kind: 'server', status: 500, message: 'HTTP 500' } as const;

const NOW = Date.UTC(2026, 10, 23, 22, 30);
const OPTIONS = { pollMs: 30_000, random: 0.5, fallbackOffsetMin: 0 };
const caps = (tokensLatest: boolean) => ({
  tokensLatest,
  ingestStats: true,
  serverOffsetMin: 0,
  apiBase: 'http://a',
  probedAt: NOW,
  offsetAt: NOW,
});
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const creditsBody = {
  total_credits: 10,
  period_start: '2026-11-23T00:00:00',
  period_end: '2026-11-24T00:00:00',
  by_operation: {},
};
const token = (id: number, at: number, name = `T${id}`) => ({
  id,
  token_address: `addr${id}`,
  token_name: name,
  token_symbol: 'S',
  analysis_timestamp: iso(at),
  wallets_found: 1,
  credits_used: 10,
});
const tx = (id: number, at: number, operation = 'wallet_balance'): Transaction => ({
  id,
  operation,
  credits: operation === 'token_analysis' ? 0 : 1,
  timestamp: iso(at),
  context: null,
});
const page = (rows: Transaction[]) => ok(TransactionsSchema, { transactions: rows });
/** A history answered 304 Not Modified. */
const NOT_MODIFIED = { ok: true, notModified: true, etag: '"e"' } as const;

/** One refresh after `prev` at `at`: credits/today answered as in every poll, and `answers`. */
function refresh(prev: Snapshot, at: number, answers: Parameters<typeof foldRefresh>[1] = {}): Snapshot {
  return reduceSnapshot(prev, { credits: ok(CreditsTodaySchema, creditsBody), ...answers }, at, OPTIONS);
}

/** A snapshot right after a full refresh at `at` that saw transactions up to id 10. */
function loaded(at: number, tokensLatest = false): Snapshot {
  const prev = { ...createEmptySnapshot(), capabilities: caps(tokensLatest), lastTransactionId: 10 };
  return refresh(prev, at, {
    transactions: page([tx(10, at - 60_000), tx(9, at - 70_000, 'token_analysis')]),
    history: ok(TokensHistorySchema, { total: 1, tokens: [token(1, at - 70_000)] }),
  });
}

describe('the analysis figures stay current between history fetches only with proof', () => {
  it('a page with no new analysis row advances checkedAt, not fetchedAt', () => {
    const s0 = loaded(NOW);
    const s1 = refresh(s0, NOW + 30_000, {
      transactions: page([tx(11, NOW + 20_000), tx(10, NOW - 60_000)]),
    });
    expect(s1.recentAnalyses).toMatchObject({ fetchedAt: NOW, checkedAt: NOW + 30_000, coverTxId: 11 });
    expect(s1.latest?.checkedAt).toBe(NOW + 30_000);
  });

  it('a new token_analysis row is no proof: the figure keeps its age', () => {
    const s0 = loaded(NOW);
    const s1 = refresh(s0, NOW + 30_000, {
      transactions: page([
        tx(12, NOW + 20_000, 'token_analysis'),
        tx(11, NOW + 10_000),
        tx(10, NOW - 60_000),
      ]),
    });
    expect(s1.recentAnalyses?.checkedAt).toBe(NOW);
  });

  it('a full page that may have skipped rows since the history is no proof', () => {
    const s0 = loaded(NOW);
    const rows = Array.from({ length: TRANSACTIONS_PAGE }, (_, i) => tx(1000 - i, NOW + 20_000));
    const s1 = refresh(s0, NOW + 30_000, { transactions: page(rows) });
    expect(s1.recentAnalyses?.checkedAt).toBe(NOW);
  });

  it.each<[string, Transaction[], number | null, boolean]>([
    ['empty table', [], null, true],
    ['nothing covered yet', [tx(3, NOW)], null, false],
    ['a short page without analysis rows', [tx(5, NOW), tx(4, NOW)], 3, true],
    ['an analysis row after the cover', [tx(5, NOW, 'token_analysis'), tx(4, NOW)], 3, false],
    ['an analysis row before the cover', [tx(5, NOW), tx(3, NOW, 'token_analysis')], 4, true],
    [
      'a full page reaching back past the cover, in an older second than the oldest',
      [
        ...Array.from({ length: TRANSACTIONS_PAGE - 1 }, (_, i) => tx(500 - i, NOW)),
        tx(3, NOW - 5_000),
      ].concat(),
      3,
      false,
    ],
    [
      'a full page holding the cover row above its oldest second',
      [
        ...Array.from({ length: TRANSACTIONS_PAGE - 2 }, (_, i) => tx(500 - i, NOW)),
        tx(3, NOW - 5_000),
        tx(2, NOW - 9_000),
      ],
      3,
      true,
    ],
  ])('provesHistoryCurrent: %s', (_name, rows, cover, expected) => {
    expect(provesHistoryCurrent(rows.map(normaliseTransaction), cover)).toBe(expected);
  });
});

describe('Latest is never erased by a failure (HEAD)', () => {
  it('latest failing and an empty 48 h history page keep the last good value with its age', () => {
    const prev = refresh({ ...createEmptySnapshot(), capabilities: caps(true) }, NOW, {
      history: ok(TokensHistorySchema, { total: 1, tokens: [token(1, NOW - 60_000, 'Kept')] }),
      latest: ok(TokensLatestSchema, {
        token_id: 1,
        token_name: 'Kept',
        token_symbol: 'K',
        analysis_timestamp: iso(NOW - 60_000),
        wallets_found: 1,
        credits_used: 5,
      }),
    });
    const later = NOW + 50 * 3_600_000;
    const s = refresh(prev, later, {
      history: ok(TokensHistorySchema, { total: 0, tokens: [] }),
      latest: fail,
    });
    expect(s.latest?.name).toBe('Kept');
    expect(s.latest?.fetchedAt, 'kept with its own age, so it is drawn stale').toBe(NOW);
  });

  it('OLD: an empty history is the whole table, so there is no latest', () => {
    const prev = loaded(NOW);
    const s = refresh(prev, NOW + 130_000, {
      history: ok(TokensHistorySchema, { total: 0, tokens: [] }),
    });
    expect(s.latest).toBeNull();
  });
});

describe('timestamps in the future', () => {
  it('count neither as scanned today nor as Latest; the rows stay', () => {
    const s = refresh({ ...createEmptySnapshot(), capabilities: caps(false) }, NOW, {
      history: ok(TokensHistorySchema, {
        total: 3,
        tokens: [
          token(3, NOW + 3 * 3_600_000, 'Future'),
          token(2, NOW + 60_000, 'Skewed'),
          token(1, NOW - 60_000, 'Past'),
        ],
      }),
    });
    expect(countScannedToday(s), 'a minute of skew is tolerated, hours are not').toBe(2);
    expect(s.latest?.name).toBe('Skewed');
  });

  it('a future time from /api/tokens/latest does not pin Latest', () => {
    const s = refresh({ ...createEmptySnapshot(), capabilities: caps(true) }, NOW, {
      history: ok(TokensHistorySchema, { total: 1, tokens: [token(1, NOW - 60_000, 'Past')] }),
      latest: ok(TokensLatestSchema, {
        token_id: 9,
        token_name: 'Future',
        token_symbol: 'F',
        analysis_timestamp: iso(NOW + 86_400_000),
        wallets_found: 1,
        credits_used: 5,
      }),
    });
    expect(s.latest?.name).toBe('Past');
  });
});

describe('a spent budget is recorded as a pause', () => {
  it('keeps the pause until it ends or the endpoint answers', () => {
    const paused = [{ endpoint: '/api/tokens/history', until: NOW + 600_000 }];
    const s1 = refresh(createEmptySnapshot(), NOW, { paused });
    expect(s1.paused).toEqual(paused);
    const s2 = refresh(s1, NOW + 30_000);
    expect(s2.paused, 'not asked this time: still paused').toEqual(paused);
    const s3 = refresh(s2, NOW + 600_001);
    expect(s3.paused).toEqual([]);
  });
});

describe('OLD: a 304 on the history re-confirms the Latest taken from it', () => {
  it('Latest stays current through a 304 and the proofs after it', () => {
    const s0 = loaded(NOW);
    const s1 = refresh(s0, NOW + 120_000, {
      transactions: page([tx(10, NOW - 60_000)]),
      history: NOT_MODIFIED,
    });
    expect(s1.latest?.checkedAt).toBe(NOW + 120_000);
    const s2 = refresh(s1, NOW + 150_000, {
      transactions: page([tx(11, NOW + 130_000), tx(10, NOW - 60_000)]),
    });
    expect(s2.latest?.checkedAt).toBe(NOW + 150_000);
    expect(s2.recentAnalyses?.checkedAt).toBe(NOW + 150_000);
  });
});

describe('the future is judged by the server’s clock', () => {
  it('a server whose clock runs hours ahead (its rows show it) still counts its analyses', () => {
    const ahead = NOW + 3 * 3_600_000;
    const s = reduceSnapshot(
      { ...createEmptySnapshot(), capabilities: caps(false) },
      {
        credits: ok(CreditsTodaySchema, { ...creditsBody, period_end: '2026-11-25T00:00:00' }),
        transactions: page([tx(2, ahead, 'token_analysis'), tx(1, ahead - 1_000)]),
        history: ok(TokensHistorySchema, {
          total: 2,
          tokens: [token(2, ahead, 'Ahead'), token(1, ahead + 86_400_000, 'Beyond its day')],
        }),
      },
      NOW,
      OPTIONS,
    );
    expect(countScannedToday(s)).toBe(1);
    expect(s.latest?.name).toBe('Ahead');
  });
});

describe('HEAD: a 304 re-confirms a Latest taken from the history when the endpoint was not asked', () => {
  it('keeps Latest current', () => {
    const s0 = loaded(NOW, true);
    const s1 = refresh(s0, NOW + 120_000, {
      transactions: page([tx(10, NOW - 60_000)]),
      history: NOT_MODIFIED,
    });
    expect(s1.latest?.checkedAt).toBe(NOW + 120_000);
  });
});

describe('a guessed offset never stands for the server day once one is measured', () => {
  // A server in New York (UTC−4 in June), a browser in Berlin (UTC+2): the guess is 6 h off.
  const now = Date.UTC(2026, 5, 15, 8, 53);
  const berlin = { ...OPTIONS, fallbackOffsetMin: 120 };
  const today = ok(CreditsTodaySchema, {
    total_credits: 5,
    period_start: '2026-06-15T00:00:00',
    period_end: '2026-06-16T00:00:00',
    by_operation: {},
  });
  const range = ok(CreditsRangeSchema, {
    period_start: '2026-06-14T04:53:00.000001',
    period_end: '2026-06-15T04:53:00.000001',
  });
  const newYorkMidnight = Date.UTC(2026, 5, 15, 4);

  it('measured before the probe finished (no capabilities yet): used at once, and kept', () => {
    const first = reduceSnapshot(createEmptySnapshot(), { credits: today, range }, now, berlin);
    expect(first.capabilities).toBeNull();
    expect([first.credits?.dayStartMs, first.credits?.dayEndMs]).toEqual([
      newYorkMidnight,
      newYorkMidnight + 86_400_000,
    ]);
    // The next poll asks only credits/today: the day keeps the measured offset, both ends.
    const next = reduceSnapshot(first, { credits: today }, now + 30_000, berlin);
    expect([next.credits?.dayStartMs, next.credits?.dayEndMs]).toEqual([
      newYorkMidnight,
      newYorkMidnight + 86_400_000,
    ]);
  });

  it('the day first computed with the guess is re-derived by the first measurement', () => {
    const guessed = reduceSnapshot(createEmptySnapshot(), { credits: today }, now, berlin);
    expect(guessed.credits?.dayStartMs).toBe(Date.UTC(2026, 5, 14, 22));
    const measured = reduceSnapshot(
      { ...guessed, capabilities: { ...caps(false), serverOffsetMin: null } },
      { range },
      now + 3_000,
      berlin,
    );
    expect([measured.credits?.dayStartMs, measured.credits?.dayEndMs]).toEqual([
      newYorkMidnight,
      newYorkMidnight + 86_400_000,
    ]);
  });
});
