/**
 * What the views say about the data: a pure function of the snapshot and the time, so every
 * state is tested as a table and each has words that say what happens next.
 */
import { formatAge, formatDuration } from '../format';
import type { Snapshot } from './types';

export type StatusKind =
  | 'loading'
  | 'live'
  | 'polling'
  | 'updating'
  | 'stale'
  | 'partial'
  | 'offline'
  | 'rate-limited'
  | 'error';

export interface Status {
  kind: StatusKind;
  /** A few words for the indicator. */
  label: string;
  /** A sentence: how old the data is and what happens next or what to do. */
  detail: string;
}

/** A fetch marked as running for longer than this was cut short (the worker was stopped). */
const UPDATING_TIMEOUT_MS = 20_000;

/** Derives the status shown next to the figures. */
export function deriveStatus(snapshot: Snapshot, now: number, pollMs: number, locale?: string): Status {
  const hasData = snapshot.credits !== null;
  const updating = snapshot.updating !== null && now - snapshot.updating < UPDATING_TIMEOUT_MS;
  const age = snapshot.updatedAt === null ? null : Math.max(0, now - snapshot.updatedAt);
  const updated = age === null ? 'No data yet.' : `Updated ${formatAge(age, locale)}.`;
  const retryIn =
    snapshot.nextAttemptAt !== null && snapshot.nextAttemptAt > now
      ? ` Retrying in ${formatDuration(snapshot.nextAttemptAt - now)}.`
      : updating
        ? ' Retrying now.'
        : '';
  const errors = snapshot.errors;

  if (!hasData && errors.length === 0) {
    return { kind: 'loading', label: 'Loading…', detail: 'Fetching today’s figures from Meridinate.' };
  }
  if (errors.some((e) => e.kind === 'rate-limited')) {
    return {
      kind: 'rate-limited',
      label: 'Rate-limited',
      detail: `The back end’s rate limit was reached; asking less often. ${updated}${retryIn}`,
    };
  }
  const allFailed = snapshot.failures > 0;
  if (allFailed && errors.every((e) => e.kind === 'offline' || e.kind === 'timeout')) {
    const hint = snapshot.updatedAt === null ? ' Is Meridinate running? Check the API URL in Options.' : '';
    return {
      kind: 'offline',
      label: errors.some((e) => e.kind === 'timeout') ? 'Back end not answering' : 'Back end unreachable',
      detail: `${updated}${retryIn}${hint}`,
    };
  }
  if (allFailed) {
    const first = errors[0];
    return {
      kind: 'error',
      label:
        first?.kind === 'bad-data'
          ? 'Unexpected data'
          : first?.kind === 'not-found'
            ? 'Wrong API URL?'
            : 'Back end error',
      detail: `${first?.message ?? ''} ${updated}${retryIn}${
        first?.kind === 'not-found' ? ' Check the API URL in Options.' : ''
      }`.trim(),
    };
  }
  if (updating) return { kind: 'updating', label: 'Updating…', detail: updated };
  if (errors.length > 0) {
    const failing = errors.map((e) => e.endpoint).join(', ');
    return { kind: 'partial', label: 'Partly updated', detail: `Could not refresh ${failing}. ${updated}` };
  }
  if (age !== null && age > pollMs * 2 + 15_000) {
    return {
      kind: 'stale',
      label: `Updated ${formatAge(age, locale)}`,
      detail: `${updated} Waiting for the next update.`,
    };
  }
  if (snapshot.socket === 'connected') {
    return {
      kind: 'live',
      label: 'Live',
      detail: `${updated} Live updates from the app, checked every ${pollMs / 1000} s.`,
    };
  }
  return { kind: 'polling', label: 'Polling', detail: `${updated} Checking every ${pollMs / 1000} s.` };
}

/** Whether figures should be drawn as stale (old data kept while the back end has trouble). */
export function isStale(kind: StatusKind): boolean {
  return kind === 'stale' || kind === 'offline' || kind === 'rate-limited' || kind === 'error';
}
