/**
 * The bar's view model: every word and flag the bar shows, derived at render time from the
 * background's feed (the snapshot and its words, `bar-words.ts`), the settings and the clock.
 * Pure and light: it runs in the content script, so it carries only what must follow the clock
 * (the status, the next step, which figures are old); the other words come made.
 */
import type { PageKind, Settings } from '../settings';
import { createEmptySnapshot } from '../snapshot/types';
import type { BarFeed, DescribedEvent, Shown } from './bar-words';
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
  /** Tokens scanned today; its `stale` is the latest analysis's too (both are the analysis figures). */
  scanned: BarFigure;
  credits: BarFigure;
  /** The latest analysis (drawn stale with the analysis figures), or null when there is none. */
  latest: { name: string; title: string; when: Shown | null } | null;
  /** The last ingest and enrichment runs, on the Ingestion page only. */
  ingest: { last: Shown; enrich: Shown | null } | null;
  /** Recent Credits, newest first. */
  events: readonly DescribedEvent[];
}

/**
 * The bar's view at `now` from the background's feed (null until it wrote one: then the bar says
 * it is loading). The words' locale (the UI's) formats the status's numbers too.
 */
export function deriveBarView(
  feed: BarFeed | null,
  settings: Pick<Settings, 'pollSeconds'>,
  now: number,
  page: PageKind,
): BarView {
  const snapshot = feed?.snapshot ?? createEmptySnapshot();
  const words = feed?.words;
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
  const latest = snapshot.latest;
  return {
    status,
    next: deriveNextStep(snapshot, status, now),
    pill: words?.pill ?? '—',
    scanned: { value: words?.scanned ?? '—', title: words?.day, stale: analysisStale },
    credits: {
      value: words?.credits ?? '—',
      title: words?.creditsTitle,
      stale: Boolean(stale || words?.failing.c || old.includes('credits')),
    },
    latest: latest && {
      name: latest.name,
      title: latest.rawName || latest.name,
      when: words?.latest ?? null,
    },
    ingest: (page === 'ingestion' && words?.ingest) || null,
    events: words?.events ?? [],
  };
}
