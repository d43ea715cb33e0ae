import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../meridinate/domain';
import type { Transaction } from '../meridinate/schemas';
import { createEmptySnapshot } from '../snapshot/types';
import { type ApiRefresh, foldRefresh } from './fold';

const NOW = Date.UTC(2026, 11, 1, 12);
const OPTIONS = { pollMs: 30_000, random: 1, fallbackOffsetMin: 0 };
const rows: Transaction[] = [
  {
    id: 2,
    operation: 'token_analysis',
    credits: 0,
    timestamp: '2026-12-01T11:59:00',
    context: { total_credits: 9 },
  },
  { id: 1, operation: '\u202Ewallet', credits: 4, timestamp: '2026-12-01T11:58:00', context: null },
];
const page: ApiResult<Transaction[]> = { ok: true, value: rows, etag: null };
const offline = { ok: false, kind: 'offline', message: 'offline' } as const;

describe('foldRefresh', () => {
  it.each<[string, ApiRefresh, [number, string, number | null, boolean][] | null]>([
    [
      'a page gives its domain rows for the export',
      { transactions: page },
      [
        [2, 'token_analysis', Date.UTC(2026, 11, 1, 11, 59), true],
        [1, 'wallet', Date.UTC(2026, 11, 1, 11, 58), false],
      ],
    ],
    ['a failed page gives none', { transactions: offline }, null],
    ['no page asked gives none', {}, null],
  ])('%s', (_name, answers, expected) => {
    const { transactions } = foldRefresh(createEmptySnapshot(), answers, NOW, OPTIONS);
    const seen = transactions === null ? null : transactions.map((r) => [r.id, r.label, r.at, r.analysis]);
    expect(seen).toEqual(expected);
  });

  it('folds the same rows into the snapshot', () => {
    const { snapshot } = foldRefresh(createEmptySnapshot(), { transactions: page }, NOW, OPTIONS);
    expect(snapshot.events.map((e) => [e.operation, e.credits, e.analysis])).toEqual([
      ['token_analysis', 9, true],
      ['wallet', 4, false],
    ]);
    expect([snapshot.lastTransactionId, snapshot.lastAnalysisTxId]).toEqual([2, 2]);
  });

  it('schedules a retry with the backoff, counted from the attempt’s start', () => {
    const failed = { credits: offline, transactions: offline };
    const hung = foldRefresh(createEmptySnapshot(), failed, NOW, { ...OPTIONS, startedAt: NOW - 8_000 });
    // First failure, random 1: 10 s from the start, but at least 5 s after the end.
    expect(hung.snapshot.nextAttemptAt).toBe(NOW + 5_000);
    expect(hung.snapshot.attemptAt).toBe(NOW - 8_000);
    const refused = foldRefresh(createEmptySnapshot(), failed, NOW, OPTIONS);
    expect(refused.snapshot.nextAttemptAt).toBe(NOW + 10_000);
  });
});
