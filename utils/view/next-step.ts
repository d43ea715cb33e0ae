/**
 * What happens next and what to do, for the bar to show beside an error without hovering:
 * `Retrying in 20 s. Check the API URL in Options.`, and a short form for a narrow bar
 * (`retry in 20 s · check API URL`). Pure and small: it runs in the content script.
 */
import { formatDuration } from '../format';
import { t } from '../i18n';
import type { Snapshot } from '../snapshot/types';
import type { Status } from './status';

/**
 * The sentence and its short form, or null when the status is not a failure; numbers in `locale`
 * (the words' language, as the status writes them).
 */
export function deriveNextStep(
  snapshot: Snapshot,
  status: Pick<Status, 'kind' | 'busy'>,
  now: number,
  locale?: string,
): { text: string; short: string; shortest: string } | null {
  const { kind } = status;
  if (kind !== 'offline' && kind !== 'error' && kind !== 'rate-limited') return null;
  const next = snapshot.nextAttemptAt;
  const wait = next !== null && next > now ? formatDuration(next - now, locale) : null;
  const retry = wait
    ? [t('retryIn', wait), t('retryInShort', wait)]
    : status.busy
      ? [t('retryNow'), t('retryNow')]
      : [];
  // What the user can do: the URL for a 404, the back end itself when nothing answers.
  const notFound = kind === 'error' && snapshot.errors[0]?.kind === 'not-found';
  const action =
    kind === 'offline'
      ? [t('isItRunning'), t('isItRunningShort')]
      : notFound
        ? [t('checkUrl'), t('checkUrlShort')]
        : [];
  if (retry.length === 0 && action.length === 0) return null;
  return {
    text: [retry[0], action[0]].filter(Boolean).join(' '),
    short: [retry[1], action[1]].filter(Boolean).join(' · '),
    shortest: retry[1] ?? action[1] ?? '',
  };
}
