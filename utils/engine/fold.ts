/**
 * One refresh's answers, as the client checked them, folded into the snapshot: made domain rows
 * once (the normaliser), then reduced, with the schedule's backoff after a failed attempt. Pure.
 */
import type { Answers, CreditTransaction } from '../meridinate/domain';
import { type ApiAnswers, normaliseAnswers } from '../meridinate/normalise';
import { retryAt } from '../schedule/policy';
import { type RefreshResults, reduceSnapshot } from '../snapshot/reducer';
import type { Snapshot } from '../snapshot/types';

/** The answers of one refresh as the client checked them, and what the engine learnt besides. */
export type ApiRefresh = ApiAnswers & Omit<RefreshResults, keyof Answers>;

export interface FoldOptions {
  pollMs: number;
  /** Feeds the backoff jitter. */
  random: number;
  fallbackOffsetMin: number;
  /** The browser's offset at an instant (its zone's rules), when known. */
  localOffsetAt?: (ms: number) => number;
  /** When the refresh started (default `now`): the poll and backoff phases count from it. */
  startedAt?: number;
}

/**
 * Folds the answers received by `now` into `prev`. Returns the next snapshot and the page of
 * transaction rows it read (null when none came), for the export.
 */
export function foldRefresh(
  prev: Snapshot,
  answers: ApiRefresh,
  now: number,
  options: FoldOptions,
): { snapshot: Snapshot; transactions: CreditTransaction[] | null } {
  const { capabilities, coverTxId, paused, transactionsUnchanged, transactionsSign } = answers;
  const results: RefreshResults = {
    ...normaliseAnswers(answers, now),
    capabilities,
    coverTxId,
    paused,
    transactionsUnchanged,
    transactionsSign,
  };
  const startedAt = options.startedAt ?? now;
  const snapshot = reduceSnapshot(prev, results, now, {
    retryAt: (kind, failures) =>
      retryAt(kind, failures, { random: options.random, pollMs: options.pollMs, startedAt, now }),
    fallbackOffsetMin: options.fallbackOffsetMin,
    localOffsetAt: options.localOffsetAt,
    startedAt,
  });
  const page = results.transactions;
  return { snapshot, transactions: page?.ok && 'value' in page ? page.value : null };
}
