/**
 * What the views say about the data: a pure function of the snapshot and the time, so every
 * state is tested as a table and each has words that say what happens next.
 */
import { formatAge, formatClock, formatDuration } from '../format';
import { type MessageKey, t } from '../i18n';
import { REQUEST_TIMEOUT_MS } from '../meridinate/endpoints';
import type { Snapshot } from '../snapshot/types';

export type StatusKind =
  | 'loading'
  | 'live'
  | 'polling'
  | 'stale'
  | 'partial'
  | 'offline'
  | 'rate-limited'
  | 'paused'
  | 'error';

export interface Status {
  kind: StatusKind;
  /** A few words for the indicator. */
  label: string;
  /** A sentence: how old the data is and what happens next or what to do. */
  detail: string;
  /**
   * A fetch is running. Shown by the dot alone: the label keeps saying what the data is, so it
   * does not flicker (or get announced by screen readers) on every poll.
   */
  busy: boolean;
}

/** A fetch marked as running for longer than this was cut short (the worker was stopped). */
const UPDATING_TIMEOUT_MS = 20_000;

/** A figure the views show: credits today, the analysis figures (scanned, Latest), Recent Credits, ingest runs. */
export type Figure = 'credits' | 'analysis' | 'events' | 'ingest';

const FIGURE_WORDS: Record<Figure, MessageKey> = {
  credits: 'figureCredits',
  analysis: 'figureAnalysis',
  events: 'figureEvents',
  ingest: 'figureIngest',
};

/**
 * The shown figures not fetched (or proven current) within two poll intervals and the request
 * timeout, whatever the reason (a failure, a spent budget, a fetch not made), with the age of the
 * oldest. Derived from the stored times at render time, never stored.
 */
export function staleFigures(
  snapshot: Snapshot,
  now: number,
  pollMs: number,
): { figures: Figure[]; age: number } {
  const limit = 2 * pollMs + REQUEST_TIMEOUT_MS;
  const { recentAnalyses: history, latest, lastAnalysisTxId: seen } = snapshot;
  // An analysis row seen that the history does not cover yet (its fetch held back or refused):
  // the analysis figures are known to miss it, however recently they were confirmed.
  const missed = seen !== null && history?.coverTxId != null && seen > history.coverTxId;
  const times: [Figure, number | null | undefined][] = [
    ['credits', snapshot.credits?.fetchedAt],
    ['analysis', history && (history.checkedAt ?? history.fetchedAt)],
    ['analysis', latest && (latest.checkedAt ?? latest.fetchedAt)],
    ['events', snapshot.transactionsAt],
    ['ingest', snapshot.ingest?.fetchedAt],
  ];
  const figures: Figure[] = [];
  let age = 0;
  for (const [figure, at] of times) {
    if (at == null || (now - at <= limit && !(missed && figure === 'analysis'))) continue;
    if (!figures.includes(figure)) figures.push(figure);
    age = Math.max(age, now - at);
  }
  return { figures, age };
}

/** The status before the first figures or error. */
export function loadingStatus(): Omit<Status, 'busy'> {
  return { kind: 'loading', label: t('loading'), detail: t('loadingInfo') };
}

/** Derives the status shown next to the figures. */
export function deriveStatus(snapshot: Snapshot, now: number, pollMs: number, locale?: string): Status {
  const busy = snapshot.updating !== null && now - snapshot.updating < UPDATING_TIMEOUT_MS;
  return { ...describe(snapshot, now, pollMs, busy, locale), busy };
}

/** What the data is: the label and the sentence, whether or not a fetch is running. */
function describe(
  snapshot: Snapshot,
  now: number,
  pollMs: number,
  updating: boolean,
  locale: string | undefined,
): Omit<Status, 'busy'> {
  const hasData = snapshot.credits !== null;
  const age = snapshot.updatedAt === null ? null : Math.max(0, now - snapshot.updatedAt);
  const updated = age === null ? t('noData') : t('updated', formatAge(age, locale));
  const retryIn =
    snapshot.nextAttemptAt !== null && snapshot.nextAttemptAt > now
      ? t('retryIn', formatDuration(snapshot.nextAttemptAt - now, locale))
      : updating
        ? t('retryNow')
        : '';
  /** Sentences, in order, without the empty ones. */
  const say = (...sentences: (string | undefined)[]) => sentences.filter(Boolean).join(' ');
  const errors = snapshot.errors;
  const old = staleFigures(snapshot, now, pollMs);
  const oldWords = old.figures.length
    ? t('staleInfo', old.figures.map((f) => t(FIGURE_WORDS[f])).join(', '))
    : '';

  if (!hasData && errors.length === 0) {
    return loadingStatus();
  }
  // An endpoint held back: by the back end's limiter (429, `strikes`) or by the extension's own
  // hourly budget. Only its figures wait; say which, and when it is asked again.
  // A 429 hold lasts until its endpoint answers: once its wait is over it is asked at the next
  // refresh ("Retrying now").
  let limited = errors.some((e) => e.kind === 'rate-limited');
  let limitedUntil = 0;
  let resumes = 0;
  for (const p of snapshot.paused ?? []) {
    if (p.strikes) {
      limited = true;
      limitedUntil = Math.max(limitedUntil, p.until);
    } else if (p.until > now) resumes = Math.max(resumes, p.until);
  }
  if (limited) {
    return {
      kind: 'rate-limited',
      label: t('limited'),
      detail: say(
        t('limitedInfo'),
        oldWords,
        updated,
        limitedUntil > now
          ? t('retryIn', formatDuration(limitedUntil - now, locale))
          : retryIn || t('retryNow'),
      ),
    };
  }
  if (resumes > 0) {
    return {
      kind: 'paused',
      label: t('paused'),
      detail: say(t('pausedInfo', formatClock(resumes, locale)), oldWords, updated),
    };
  }
  const allFailed = snapshot.failures > 0;
  if (allFailed && errors.every((e) => e.kind === 'offline' || e.kind === 'timeout')) {
    return {
      kind: 'offline',
      label: t(errors.some((e) => e.kind === 'timeout') ? 'noAnswer' : 'unreachable'),
      detail: say(updated, retryIn, snapshot.updatedAt === null ? t('isItRunning') : ''),
    };
  }
  if (allFailed) {
    const first = errors[0];
    return {
      kind: 'error',
      label: t(
        first?.kind === 'bad-data' ? 'badData' : first?.kind === 'not-found' ? 'wrongUrl' : 'serverError',
      ),
      detail: say(first?.message, updated, retryIn, first?.kind === 'not-found' ? t('checkUrl') : ''),
    };
  }
  // From here the data on screen is good; a running fetch changes the sentence, not the label.
  const refreshing = updating ? t('updating') : '';
  if (errors.length > 0) {
    const failing = errors.map((e) => e.endpoint).join(', ');
    return {
      kind: 'partial',
      label: t('partial'),
      detail: say(t('partialInfo', failing), oldWords, updated, refreshing),
    };
  }
  if (old.figures.length > 0) {
    return {
      kind: 'stale',
      label: t('updatedShort', formatAge(old.age, locale)),
      detail: say(oldWords, updated, refreshing || t('waiting')),
    };
  }
  // Data that may miss a charge made since: fetched before polling resumed after nobody looked
  // (until the view's first refresh answers), or not fetched by the last attempt (its budget was
  // spent). Not Live once older than one interval.
  const seenAt = Math.min(snapshot.updatedAt ?? 0, snapshot.credits?.fetchedAt ?? 0);
  const behind =
    now - seenAt > pollMs && seenAt < Math.max(snapshot.watchedSince ?? 0, snapshot.attemptAt ?? 0);
  if (age !== null && (age > pollMs * 2 + 15_000 || behind)) {
    return {
      kind: 'stale',
      label: t('updatedShort', formatAge(Math.max(age, behind ? now - seenAt : 0), locale)),
      detail: say(updated, refreshing || t('waiting')),
    };
  }
  // Right but for its first hour or so: say so rather than claim the count is live.
  if (snapshot.credits?.dayStartUnknown) {
    return {
      kind: 'partial',
      label: t('dayUnsure'),
      // A DST change not seen, or never measured (the day's offset is the browser's guess): one
      // sentence for both keeps the content script from growing.
      detail: say(t('dayUnsureInfo'), updated, refreshing),
    };
  }
  if (snapshot.socket === 'connected') {
    return {
      kind: 'live',
      label: t('live'),
      detail: say(updated, refreshing || t('liveInfo', pollMs / 1000)),
    };
  }
  return {
    kind: 'polling',
    label: t('polling'),
    detail: say(updated, refreshing || t('pollingInfo', pollMs / 1000)),
  };
}

/** Whether figures should be drawn as stale (old data kept while the back end has trouble). */
export function isStale(kind: StatusKind): boolean {
  return kind === 'stale' || kind === 'offline' || kind === 'rate-limited' || kind === 'error';
}
