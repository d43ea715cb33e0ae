/**
 * The bar's view, in two halves. What the bar is fed (`deriveBarFeed`): its words that do not
 * change with the clock (the figures, the day, the burn rate, the budget share, Recent Credits, the
 * times with their dates) and the snapshot they were made from, stored together (`barFeed`), so the
 * words and the status always describe the same data. The background makes the feed from its own
 * storage watcher (`utils/ext/bar-feed.ts`) because the code of these words (dates, the burn rate)
 * would weigh on the content script: measured with `npm run size -- --build`, deriving all of it in
 * the bar made the content script 15,518 B gzip against 14,174 B (the budget is not to grow). What
 * the bar shows (`deriveBarView`), derived in the content script at render time from the feed, the
 * settings and the clock, adds what follows the clock: the status, the next step, which figures
 * are old. That half is light, and it is the only one the content script's bundle keeps.
 */
import { budgetPercent, formatBudgetUsage } from '../budget';
import { formatCount } from '../format';
import { t } from '../i18n';
import { ENDPOINTS } from '../meridinate/endpoints';
import type { PageKind, Settings } from '../settings';
import { recentCharges } from '../snapshot/events';
import { countScannedToday } from '../snapshot/scanned';
import type { Snapshot } from '../snapshot/types';
import { deriveBurnRate } from '../snapshot/usage';
import { type DescribedTime, describeTimes } from './describe-times';
import { deriveNextStep } from './next-step';
import { describeBurnRate, describeDay, describeEvent } from './present';
import { deriveStatus, isStale, loadingStatus, type Status, staleFigures } from './status';

/** Events the bar's popover lists. */
export const BAR_EVENTS = 5;

/** A credit event in words: `market_cap_refresh: 12 cr @ 12:34`. */
export interface DescribedEvent {
  id: number;
  text: string;
  analysis: boolean;
}

/** The bar's words made ahead of time. */
export interface BarWords {
  /** The locale the words were made in (the UI's): the bar formats its own numbers in it too. */
  locale?: string;
  /** Today's credits, against the budget when there is one: `1,284` or `1,284 / 5,000`; `—` without. */
  credits: string;
  /** Today's credits for the collapsed pill: `1,284 cr`, or `—`. */
  pill: string;
  /** Tokens scanned today, or `—`. */
  scanned: string;
  /** The newest events in words, for the bar's Recent Credits popover. */
  events: DescribedEvent[];
  /** Tooltip of the credits figure: which day, the burn rate and the projection, the budget share. */
  creditsTitle: string;
  /** Tooltip of the day's figures: which "today" they count. */
  day: string;
  /**
   * Figures whose endpoint failed in the last attempt while others answered ("Partly updated"):
   * `c` credits, `a` the analysis figures (tokens scanned and latest). Short keys: the bar's bundle.
   */
  failing: { c: boolean; a: boolean };
  /** When the latest analysis ran, with its date in the tooltip (absent without a time). */
  latest?: DescribedTime;
  /** The last ingest and enrichment runs, in words: `12:40`, `enrich yesterday 23:10 (40 cr)`. */
  ingest: { last: Shown; enrich: Shown | null } | null;
}

/** Words with an optional tooltip. */
export interface Shown {
  text: string;
  title?: string;
}

/** The credits figure's tooltip: the day, the burn rate and, with a budget, its share. */
function describeCreditsTitle(
  snapshot: Snapshot,
  settings: Pick<Settings, 'budget'>,
  now: number,
  locale?: string,
  timeZone?: string,
): string {
  const credits = snapshot.credits;
  const lines = [describeDay(snapshot, locale, timeZone)];
  if (credits) {
    const rate = deriveBurnRate(snapshot.usage, credits, now);
    lines.push(describeBurnRate(rate, Boolean(snapshot.usage), credits.total, locale));
    if (settings.budget !== null) {
      lines.push(
        t('budgetShare', budgetPercent(credits.total, settings.budget), formatCount(settings.budget, locale)),
      );
    }
  }
  return lines.join('\n');
}

/** The bar's feed: the snapshot without its bulky rows (the status reads times and errors) and its words. */
export interface BarFeed {
  snapshot: Snapshot;
  words: BarWords;
}

/** The bar's words for a snapshot at `now`, for the user's budget settings. */
export function deriveBarWords(
  snapshot: Snapshot,
  settings: Pick<Settings, 'budget'>,
  now: number,
  locale?: string,
  timeZone?: string,
): BarWords {
  const times = describeTimes(snapshot, now, locale, timeZone);
  const ingest = snapshot.ingest;
  const credits = snapshot.credits;
  const scanned = countScannedToday(snapshot);
  return {
    locale,
    credits: credits ? formatBudgetUsage(credits.total, settings.budget, locale) : '—',
    pill: credits ? `${formatCount(credits.total, locale)} cr` : '—',
    scanned: scanned === null ? '—' : formatCount(scanned, locale),
    events: recentCharges(snapshot.events, BAR_EVENTS).map((event) => ({
      id: event.id,
      text: describeEvent(event, locale, timeZone),
      analysis: event.analysis,
    })),
    creditsTitle: describeCreditsTitle(snapshot, settings, now, locale, timeZone),
    day: describeDay(snapshot, locale, timeZone),
    failing: {
      c: snapshot.errors.some((e) => e.endpoint === ENDPOINTS.credits),
      a: snapshot.errors.some((e) => e.endpoint === ENDPOINTS.history || e.endpoint === ENDPOINTS.latest),
    },
    latest: times.l,
    ingest: ingest && {
      last: ingest.ingestAt === null ? { text: t('never') } : (times.i as DescribedTime),
      enrich:
        ingest.enrichAt === null
          ? null
          : {
              text:
                t('enrich', times.e?.text ?? '') +
                (ingest.enrichCredits === null ? '' : ` (${formatCount(ingest.enrichCredits, locale)} cr)`),
              title: times.e?.title,
            },
    },
  };
}

/**
 * The bar's feed for a snapshot at `now`. The rows only the words need (events, analysis times,
 * usage, the breakdown) are left out of its copy of the snapshot: it is written on every poll.
 */
export function deriveBarFeed(
  snapshot: Snapshot,
  settings: Pick<Settings, 'budget'>,
  now: number,
  locale?: string,
  timeZone?: string,
): BarFeed {
  const { credits, recentAnalyses } = snapshot;
  return {
    snapshot: {
      ...snapshot,
      events: [],
      usage: null,
      credits: credits && { ...credits, byOperation: {} },
      recentAnalyses: recentAnalyses && { ...recentAnalyses, times: [] },
    },
    words: deriveBarWords(snapshot, settings, now, locale, timeZone),
  };
}

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
  // Before the background's first feed: loading, with nothing old or failing yet. Said here rather
  // than derived from an empty snapshot, whose code would weigh on the content script.
  if (!feed) {
    const none = { value: '—', stale: false };
    return {
      status: { ...loadingStatus(), busy: false },
      next: null,
      pill: '—',
      scanned: none,
      credits: none,
      latest: null,
      ingest: null,
      events: [],
    };
  }
  const { snapshot, words } = feed;
  const pollMs = settings.pollSeconds * 1000;
  const status = deriveStatus(snapshot, now, pollMs, words.locale);
  const stale = isStale(status.kind);
  // A figure whose own endpoint failed, or that is older than two intervals, is stale even when
  // the others are fresh.
  const old = staleFigures(snapshot, now, pollMs).figures;
  const analysisStale = Boolean(
    stale || words.failing.a || old.includes('analysis') || snapshot.credits?.dayStartUnknown,
  );
  const latest = snapshot.latest;
  return {
    status,
    next: deriveNextStep(snapshot, status, now, words.locale),
    pill: words.pill,
    scanned: { value: words.scanned, title: words.day, stale: analysisStale },
    credits: {
      value: words.credits,
      title: words.creditsTitle,
      stale: stale || words.failing.c || old.includes('credits'),
    },
    latest: latest && {
      name: latest.name,
      title: latest.rawName || latest.name,
      when: words.latest ?? null,
    },
    ingest: (page === 'ingestion' && words.ingest) || null,
    events: words.events,
  };
}
