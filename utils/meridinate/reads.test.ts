import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { displayTokenName } from '../format';
import { reduceSnapshot } from '../snapshot/reducer';
import { createEmptySnapshot } from '../snapshot/types';
import { type ApiResult, serverTimeMs } from './domain';
import {
  isAnalysisOperation,
  mapResult,
  normaliseCredits,
  normaliseHistoryToken,
  normaliseIngest,
  normaliseLatest,
  normaliseRange,
  normaliseRangeReading,
  normaliseTransaction,
} from './reads';
import {
  CreditsTodaySchema,
  IngestQueueStatsSchema,
  TokensHistorySchema,
  TokensLatestSchema,
  type Transaction,
  TransactionsSchema,
  validate,
} from './schemas';
import { parseApiTimestamp, parseServerMidnight, parseServerTime } from './time';

// Counts the names cleaned for display, still cleaning them.
vi.mock('../format', async (importOriginal) => {
  const original = await importOriginal<typeof import('../format')>();
  return { ...original, displayTokenName: vi.fn(original.displayTokenName) };
});
const cleanedNames = vi.mocked(displayTokenName);

const load = (version: 'old' | 'head', name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../tests/fixtures/meridinate/${version}/${name}`, import.meta.url), 'utf8'),
  );
function checked<T>(schema: Parameters<typeof validate<T>>[0], body: unknown): T {
  const result = validate(schema, body);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}
const tx = (patch: Partial<Transaction>): Transaction => ({
  id: 1,
  operation: 'wallet_balance',
  credits: 1,
  timestamp: '2026-11-23T12:00:00',
  context: null,
  ...patch,
});
const NOON = Date.UTC(2026, 10, 23, 12);
/** Bidi and invisible characters; the joiner (U+200D) is kept inside emoji sequences (🐕‍🦺). */
const INVISIBLE =
  /[\u061C\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u180E\u00AD]/u;

describe('isAnalysisOperation', () => {
  it.each([
    ['token_analysis', true],
    ['Token_Analysis', false],
    [' token_analysis', false],
    ['token_analysis\u200B', false],
    ['token_analysis_v2', false],
    ['wallet_balance', false],
    ['', false],
  ])('%j → %s', (operation, expected) => {
    expect(isAnalysisOperation(operation)).toBe(expected);
  });
});

describe('normaliseTransaction', () => {
  it.each([
    ['naive UTC', '2026-11-23T12:00:00', NOON],
    ['a space for the T', '2026-11-23 12:00:00', NOON],
    ['microseconds, truncated to ms', '2026-11-23T12:00:00.999999', NOON + 999],
    ['an explicit Z', '2026-11-23T12:00:00Z', NOON],
    ['an explicit offset wins', '2026-11-23T12:00:00-05:00', NOON + 5 * 3_600_000],
    ['no time', null, null],
    ['absent', undefined, null],
    ['empty', '', null],
    ['an impossible date', '2026-02-30T12:00:00', null],
    ['hour 24', '2026-11-23T24:00:00', null],
    ['trailing junk', '2026-11-23T12:00:00<script>', null],
    ['a date only', '2026-11-23', null],
  ])('time: %s', (_name, timestamp, expected) => {
    expect(normaliseTransaction(tx({ timestamp })).at).toBe(expected);
  });

  it.each([
    ['a plain name', 'market_cap_refresh', 'market_cap_refresh'],
    ['bidi and zero-width tricks', '\u202Eevil\u200B<b>x</b>', 'evil<b>x</b>'],
    ['whitespace collapsed and trimmed', '  wallet \n\t balance ', 'wallet balance'],
    ['nothing visible left', '\u200B\u202E\u2066', 'unknown'],
    ['empty', '', 'unknown'],
    ['cut at 48 characters', 'x'.repeat(60), `${'x'.repeat(48)}…`],
  ])('label: %s', (_name, operation, label) => {
    const row = normaliseTransaction(tx({ operation }));
    expect(row.label).toBe(label);
    // The name as sent stays for the export.
    expect(row.operation).toBe(operation);
  });

  it.each([
    ['an analysis summary row', 'token_analysis', 0, { total_credits: 205 }, true, 205],
    ['an analysis row without a context', 'token_analysis', 0, null, true, null],
    ['a negative total', 'token_analysis', 0, { total_credits: -3 }, true, null],
    ['a fractional total', 'token_analysis', 0, { total_credits: 3.5 }, true, null],
    ['a total as text', 'token_analysis', 0, { total_credits: '205' }, true, null],
    ['an unsafe total', 'token_analysis', 0, { total_credits: 2 ** 60 }, true, null],
    ['an analysis row that cost credits', 'token_analysis', 4, { total_credits: 9 }, true, 9],
    ['a charge', 'wallet_balance', 1, { total_credits: 9 }, false, 9],
    ['a look-alike', 'token_analysis\u200B', 0, { total_credits: 9 }, false, 9],
  ])('analysis flag: %s', (_name, operation, credits, context, analysis, total) => {
    const row = normaliseTransaction(tx({ operation, credits, context }));
    expect([row.analysis, row.total]).toEqual([analysis, total]);
  });

  it('keeps the id, credits, token and mint', () => {
    const row = normaliseTransaction(
      tx({ id: 7, credits: 12, token_id: 3, context: { total_credits: null, mint_address: '@mint,1' } }),
    );
    expect(row).toMatchObject({ id: 7, credits: 12, tokenId: 3, mint: '@mint,1' });
    expect(normaliseTransaction(tx({})).tokenId).toBeNull();
    expect(normaliseTransaction(tx({})).mint).toBeNull();
  });

  it.each(['old', 'head'] as const)('reads the %s fixture', (version) => {
    const rows = checked(TransactionsSchema, load(version, 'credits-transactions-limit5.json')).map(
      normaliseTransaction,
    );
    const at = version === 'old' ? Date.UTC(2026, 10, 23, 22, 20, 5) : Date.UTC(2026, 10, 23, 22, 16, 50);
    expect(rows.map((r) => [r.id, r.label, r.credits, r.at, r.analysis])).toEqual([
      [54, 'token_metadata', 1, at, false],
      [55, 'transactions_for_address', 100, at, false],
      [56, 'transactions_for_address', 100, at, false],
      [57, 'token_largest_accounts', 1, at, false],
      [58, 'wallet_balance', 1, at, false],
    ]);
    expect(rows[0]?.mint).toBe('CCg39mfUrjUwHrddEwXs36r9V11a2v2Q8iwmx3Dpump');
  });
});

describe('normaliseHistoryToken and normaliseLatest', () => {
  const LONG =
    'The Extraordinarily Long Token Name That Keeps Going And Going To Break Every Truncation Rule In The Status Bar And Tool';

  it.each(['old', 'head'] as const)('cleans the hostile names of the %s fixture', (version) => {
    const tokens = checked(TokensHistorySchema, load(version, 'tokens-history.json')).tokens.map(
      normaliseHistoryToken,
    );
    expect(tokens.map((t) => [t.tokenId, t.name])).toEqual([
      [8, 'Bonk Ultra'],
      [7, 'Unknown'],
      [6, 'evil token with RTL override'],
      [5, "Tom & Jerry's \"Coin\" \\ </script><script>alert('x')</script>"],
      [4, '<img src=x onerror=alert(1)>'],
      [3, '🚀 Moon Doge 月球狗 🐕\u200d🦺 𝕄𝕆𝕆ℕ'],
      [2, `${LONG}…`],
      [1, 'Chuỗi'],
    ]);
    for (const token of tokens) expect(token.name).not.toMatch(INVISIBLE);
    // The tooltip's raw name keeps what the app sent (it is rendered as text only).
    expect(tokens[2]?.rawName).toBe('\u202Eevil\u202C token\u200B with RTL override');
    const base = version === 'old' ? Date.UTC(2026, 10, 23, 22, 20, 5) : Date.UTC(2026, 10, 23, 22, 16, 50);
    expect(tokens.map((t) => t.at)).toEqual(Array.from({ length: 8 }, (_, i) => base - i * 1000));
    expect(tokens[0]).toMatchObject({ walletsFound: 8, credits: 205 });
  });

  it('cleans only the name that is shown: of a 1,000-row history page, the newest (Latest)', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      id: i + 1,
      token_address: null,
      token_name: `\u202Etoken ${i + 1}`,
      token_symbol: null,
      analysis_timestamp: new Date(NOON + i * 1000).toISOString().slice(0, 19),
      wallets_found: null,
      credits_used: 10,
      last_analysis_credits: null,
    }));
    cleanedNames.mockClear();
    const page = rows.map(normaliseHistoryToken);
    expect(cleanedNames).not.toHaveBeenCalled();
    const later = NOON + 1000 * 1000;
    const snapshot = reduceSnapshot(
      createEmptySnapshot(),
      { history: { ok: true, value: page, etag: null } },
      later,
      {
        retryAt: () => later,
        fallbackOffsetMin: 0,
      },
    );
    expect(snapshot.latest).toMatchObject({ tokenId: 1000, name: 'token 1000', rawName: '\u202Etoken 1000' });
    expect(snapshot.recentAnalyses?.times).toHaveLength(1000);
    expect(cleanedNames).toHaveBeenCalledTimes(1);
    // Read again, a name is not cleaned again.
    expect([page[0]?.name, page[0]?.name]).toEqual(['token 1', 'token 1']);
    expect(cleanedNames).toHaveBeenCalledTimes(2);
  });

  it('reads HEAD’s latest as the same token as the newest of its history', () => {
    const latest = normaliseLatest(checked(TokensLatestSchema, load('head', 'tokens-latest.json')));
    const newest = normaliseHistoryToken(
      checked(TokensHistorySchema, load('head', 'tokens-history.json')).tokens[0] as never,
    );
    expect(latest).toEqual(newest);
    expect(latest).toEqual({
      tokenId: 8,
      name: 'Bonk Ultra',
      rawName: 'Bonk Ultra',
      at: Date.UTC(2026, 10, 23, 22, 16, 50),
      walletsFound: 8,
      credits: 205,
    });
  });

  const token = {
    id: 1,
    token_address: 'CCg39mfUrjUwHrddEwXs36r9V11a2v2Q8iwmx3Dpump',
    token_name: null,
    token_symbol: null,
    analysis_timestamp: '2026-11-23T12:00:00',
    wallets_found: null,
    credits_used: 10,
    last_analysis_credits: null,
  };
  it.each([
    ['the name', { token_name: ' Bonk ', token_symbol: 'B' }, 'Bonk', ' Bonk '],
    ['the symbol when the name is blank', { token_name: '\u200B', token_symbol: 'B' }, 'B', '\u200B'],
    ['the short address without name or symbol', {}, 'CCg3…pump', ''],
    ['a name that is no string', { token_name: 42, token_symbol: ['x'] }, 'CCg3…pump', ''],
    ['nothing at all', { token_address: null }, 'Unnamed token', ''],
    ['a raw name capped at 300', { token_name: 'y'.repeat(400) }, `${'y'.repeat(120)}…`, 'y'.repeat(300)],
  ])('history names: %s', (_name, patch, name, raw) => {
    const row = normaliseHistoryToken({ ...token, ...patch });
    expect([row.name, row.rawName]).toEqual([name, raw]);
  });

  it.each([
    ['last_analysis_credits first', { last_analysis_credits: 7, credits_used: 10 }, 7],
    ['else credits_used', { last_analysis_credits: null, credits_used: 10 }, 10],
    ['else none', { last_analysis_credits: null, credits_used: null }, null],
  ])('history credits: %s', (_name, patch, credits) => {
    expect(normaliseHistoryToken({ ...token, ...patch }).credits).toBe(credits);
  });

  it.each([
    [
      'an empty database (every key null)',
      { token_id: null, token_name: null, analysis_timestamp: null },
      null,
    ],
    [
      'a row without an id still counts',
      { token_id: null, token_name: 'X', analysis_timestamp: null },
      { tokenId: null, name: 'X', at: null },
    ],
    [
      'a time with a zone',
      { token_id: 2, token_name: null, analysis_timestamp: '2026-11-23T13:00:00+01:00' },
      { tokenId: 2, name: 'Unnamed token', at: NOON },
    ],
  ])('latest: %s', (_name, patch, expected) => {
    const body = { token_symbol: null, wallets_found: null, credits_used: null, ...patch };
    const latest = normaliseLatest(body);
    if (expected === null) expect(latest).toBeNull();
    else expect(latest).toMatchObject(expected);
  });
});

describe('server-local times', () => {
  it.each([
    ['naive', '2026-11-23T12:00:00', { ms: NOON, naive: true }],
    ['naive with microseconds', '2026-11-23 12:00:00.250000', { ms: NOON + 250, naive: true }],
    ['UTC', '2026-11-23T12:00:00Z', { ms: NOON, naive: false }],
    ['an offset', '2026-11-23T12:00:00+05:45', { ms: NOON - 345 * 60_000, naive: false }],
    ['malformed', '23/11/2026 12:00', null],
    ['no string', 1_700_000_000, null],
    ['null', null, null],
  ])('parseServerTime: %s', (_name, value, expected) => {
    expect(parseServerTime(value)).toEqual(expected);
  });

  it('placed with an offset, equals parsing as server-local', () => {
    const stamp = fc
      .tuple(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 24 }),
        fc.constantFrom('', '.5', '.123456', 'Z', '+01:00', '-09:30', '+14:00'),
      )
      .map(([y, mo, d, h, tail]) => {
        const pad = (n: number, w = 2) => String(n).padStart(w, '0');
        return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:30:00${tail}`;
      });
    fc.assert(
      fc.property(stamp, fc.integer({ min: -720, max: 840 }), (value, offset) => {
        expect(serverTimeMs(parseServerTime(value), offset)).toBe(
          parseApiTimestamp(value, 'server-local', offset),
        );
      }),
    );
  });

  it.each([
    ['an exact midnight', '2026-11-23T00:00:00', { ms: Date.UTC(2026, 10, 23), naive: true }],
    ['zero microseconds', '2026-11-23T00:00:00.000000', { ms: Date.UTC(2026, 10, 23), naive: true }],
    ['a microsecond after', '2026-11-23T00:00:00.000001', null],
    ['noon', '2026-11-23T12:00:00', null],
    ['not a date', 'today', null],
  ])('parseServerMidnight: %s', (_name, value, expected) => {
    expect(parseServerMidnight(value)).toEqual(expected);
  });

  it.each([
    ['no time', null, 60, null],
    ['naive, at UTC+01:00', { ms: NOON, naive: true }, 60, NOON - 3_600_000],
    ['naive, at UTC−05:00', { ms: NOON, naive: true }, -300, NOON + 5 * 3_600_000],
    ['an instant ignores the offset', { ms: NOON, naive: false }, 60, NOON],
    ['an offset that is no number', { ms: NOON, naive: true }, Number.NaN, null],
  ])('serverTimeMs: %s', (_name, time, offset, expected) => {
    expect(serverTimeMs(time, offset)).toBe(expected);
  });
});

describe('normaliseCredits, normaliseIngest, normaliseRange', () => {
  it.each(['old', 'head'] as const)('reads the %s credits fixture', (version) => {
    const credits = normaliseCredits(checked(CreditsTodaySchema, load(version, 'credits-today.json')));
    expect(credits).toMatchObject({
      total: 1753,
      periodStart: '2026-11-23T00:00:00',
      dayStart: { ms: Date.UTC(2026, 10, 23), naive: true },
      dayEnd: { ms: Date.UTC(2026, 10, 24), naive: true },
    });
    expect(credits.byOperation.transactions_for_address).toBe(1700);
  });

  it('gives no day when period_start is no midnight (the wrong field)', () => {
    const credits = normaliseCredits({
      total_credits: 1,
      period_start: '2026-11-22T22:30:00',
      period_end: 'soon',
      by_operation: {},
    });
    expect([credits.dayStart, credits.dayEnd]).toEqual([null, null]);
  });

  it('reads the ingest runs as server-local times', () => {
    const body = checked(IngestQueueStatsSchema, {
      total: 3,
      last_tier0_run_at: '2026-11-23T12:00:00',
      last_tier1_run_at: '2026-11-23T12:00:00Z',
      last_tier1_credits_used: 40,
      last_hot_refresh_at: null,
      last_discovery_run_at: 'yesterday',
      last_refresh_run_at: 42,
    });
    expect(normaliseIngest(body)).toEqual({
      tier0At: { ms: NOON, naive: true },
      discoveryAt: null,
      enrichAt: { ms: NOON, naive: false },
      enrichCredits: 40,
      hotRefreshAt: null,
      refreshAt: null,
    });
  });

  it.each([
    ['a server at UTC+01:00', '2026-11-23T13:00:00.123456', NOON, 60],
    ['a server at UTC−05:00 with 2 min of skew', '2026-11-23T07:02:00', NOON, -300],
    ['an explicit zone', '2026-11-23T17:45:00+05:45', NOON, 345],
    ['a clock a day off', '2026-11-24T12:00:00', NOON, null],
    ['no time', 'now', NOON, null],
  ])('range: %s', (_name, periodEnd, now, offsetMin) => {
    expect(normaliseRange({ period_end: periodEnd }, now)).toEqual({ offsetMin });
  });
});

describe('normaliseRangeReading', () => {
  it('dates a range read by the server’s own clock, not the browser’s', () => {
    const body = { total_credits: 120, transaction_count: 9, period_end: '2026-12-21T00:10:00.500000' };
    expect(normaliseRangeReading(3, body, 10, 20)).toEqual({
      k: 3,
      credits: 120,
      rows: 9,
      day: '2026-12-21',
      sent: 10,
      at: 20,
    });
    expect(normaliseRangeReading(3, { ...body, period_end: 'soon' }, 10, 20)).toBe(null);
  });
});

describe('mapResult', () => {
  const failed: ApiResult<number> = { ok: false, kind: 'server', status: 500, message: 'HTTP 500' };
  const notModified: ApiResult<number> = { ok: true, notModified: true, etag: '"a"' };
  it.each([
    [
      'a value',
      { ok: true, value: 2, etag: '"e"' } as ApiResult<number>,
      { ok: true, value: 4, etag: '"e"' },
    ],
    ['a failure', failed, failed],
    ['not modified', notModified, notModified],
  ])('mapResult: %s', (_name, result, expected) => {
    expect(mapResult(result, (n) => n * 2)).toEqual(expected);
  });
});
