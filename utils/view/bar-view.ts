/**
 * The bar's view model: every word and flag the bar shows, derived at render time from the
 * snapshot, the settings, the clock and the words the background made ahead (`BarWords`). Pure
 * and light: it runs in the content script, so it carries only what must follow the clock (the
 * status, the next step, which figures are old); the heavier words come made.
 */
import { formatBudgetUsage } from '../budget';
import { formatCount } from '../format';
import type { PageKind, Settings } from '../settings';
import { countScannedToday } from '../snapshot/scanned';
import type { Snapshot } from '../snapshot/types';
import type { BarWords, DescribedEvent, Shown } from './bar-words';
import { deriveNextStep } from './next-step';
import { deriveStatus, isStale, type Status, staleFigures } from './status';

/** A figure of the bar: its value, its tooltip and whether it is drawn as old. */
export interface BarFigure {
  value: string;
  title?: string;
  stale: boolean;
}

export interface BarView {
  status: Status;
  /** After a failure: when it tries again and what to do, in three lengths; null otherwise. */
  next: { text: string; short: string; shortest: string } | null;
  /** The collapsed pill's figure: `12,345 cr`, or `—` before the first figures. */
  pill: string;
  scanned: BarFigure;
  credits: BarFigure;
  /** The latest analysis (drawn stale with the analysis figures), or null when there is none. */
  latest: { name: string; title: string; when: Shown | null } | null;
  /** Whether the analysis figures (scanned, latest) are old. */
  analysisStale: boolean;
  /** The last ingest and enrichment runs, on the Ingestion page only. */
  ingest: { last: Shown; enrich: Shown | null } | null;
  /** Recent Credits, newest first. */
  events: readonly DescribedEvent[];
}

/** Shown while the background has not yet written the words for a time. */
const PENDING = '…';

/**
 * The bar's view at `now`. `words` are the background's (null until it wrote them); their locale
 * (the UI's) formats the numbers too, so that the bar reads in one language.
 */
export function deriveBarView(
  snapshot: Snapshot,
  settings: Pick<Settings, 'pollSeconds' | 'budget'>,
  now: number,
  words: BarWords | null,
  page: PageKind,
): BarView {
  const locale = words?.locale;
  const pollMs = settings.pollSeconds * 1000;
  const status = deriveStatus(snapshot, now, pollMs, locale);
  const stale = isStale(status.kind);
  // A figure whose own endpoint failed, or that is older than two intervals, is stale even when
  // the others are fresh.
  const old = staleFigures(snapshot, now, pollMs).figures;
  const analysisStale = Boolean(
    stale || words?.failing.a || old.includes('analysis') || snapshot.credits?.dayStartUnknown,
  );
  const credits = snapshot.credits;
  const scanned = countScannedToday(snapshot);
  const latest = snapshot.latest;
  return {
    status,
    next: deriveNextStep(snapshot, status, now),
    pill: credits ? `${formatCount(credits.total, locale)} cr` : '—',
    scanned: {
      value: scanned === null ? '—' : formatCount(scanned, locale),
      title: words?.day,
      stale: analysisStale,
    },
    credits: {
      value: credits ? formatBudgetUsage(credits.total, settings.budget, locale) : '—',
      title: words?.creditsTitle,
      stale: Boolean(stale || words?.failing.c || old.includes('credits')),
    },
    latest: latest && {
      name: latest.name,
      title: latest.rawName || latest.name,
      when: latest.at === null ? null : (words?.latest ?? { text: PENDING }),
    },
    analysisStale,
    ingest:
      page === 'ingestion' && snapshot.ingest
        ? (words?.ingest ?? { last: { text: PENDING }, enrich: null })
        : null,
    events: words?.events ?? [],
  };
}
