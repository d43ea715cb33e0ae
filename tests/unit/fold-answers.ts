/**
 * A refresh's checked API answers folded as the engine folds them, for the tests and the benchmark
 * that speak the app's shapes: each answer made domain rows by its read's normaliser (`READS` in
 * `reads.ts`, as received at `now`), then reduced with the schedule's backoff, as the engine's
 * finish does.
 */
import type { ApiResult, CreditTransaction } from '../../utils/meridinate/domain';
import { mapResult, READS, type ReadBody, type ReadName } from '../../utils/meridinate/reads';
import { retryAt } from '../../utils/schedule/policy';
import { type RefreshResults, reduceSnapshot } from '../../utils/snapshot/reducer';
import type { Snapshot } from '../../utils/snapshot/types';

/** The answers of one refresh as the client checked them, and what the engine learnt besides. */
export type ApiRefresh = { [K in ReadName]?: ApiResult<ReadBody<K>> } & Omit<RefreshResults, ReadName>;

export interface FoldOptions {
  pollMs: number;
  /** Feeds the backoff jitter. */
  random: number;
  fallbackOffsetMin: number;
  /** The browser's offset at an instant (its zone's rules), when known. */
  localOffsetAt?: (ms: number) => number;
  /** Whether some zone now at an offset had another one earlier (the engine gives the browser's). */
  offsetMayHaveChanged?: (offsetMin: number, fromMs: number, toMs: number) => boolean;
  /** When the refresh started (default `now`): the poll and backoff phases count from it. */
  startedAt?: number;
}

/**
 * Folds the answers received by `now` into `prev`. Returns the next snapshot and the page of
 * transaction rows it read (null when none came).
 */
export function foldRefresh(
  prev: Snapshot,
  answers: ApiRefresh,
  now: number,
  options: FoldOptions,
): { snapshot: Snapshot; transactions: CreditTransaction[] | null } {
  const { capabilities, coverTxId, paused, transactionsUnchanged, transactionsSign } = answers;
  const results: RefreshResults = {
    capabilities,
    coverTxId,
    paused,
    transactionsUnchanged,
    transactionsSign,
  };
  for (const name of Object.keys(READS) as ReadName[]) {
    const answer = answers[name] as ApiResult<never> | undefined;
    const normalise = READS[name].normalise as unknown as (body: never, at: number) => never;
    if (answer) results[name] = mapResult(answer, (body) => normalise(body, now));
  }
  const startedAt = options.startedAt ?? now;
  const snapshot = reduceSnapshot(prev, results, now, {
    retryAt: (kind, failures) =>
      retryAt(kind, failures, { random: options.random, pollMs: options.pollMs, startedAt, now }),
    fallbackOffsetMin: options.fallbackOffsetMin,
    localOffsetAt: options.localOffsetAt,
    offsetMayHaveChanged: options.offsetMayHaveChanged,
    startedAt,
  });
  const page = results.transactions;
  return { snapshot, transactions: page?.ok && 'value' in page ? page.value : null };
}
