/**
 * The bar's slow words: the day, the burn rate, the budget share, Recent Credits and the times
 * with their dates. Their code (dates, the burn rate) would weigh about 1.3 KB gzip on the
 * content script (measured: 15,518 B against 14,174 B when the bar derived them itself), so the
 * background makes them from its own storage watcher (`utils/ext/bar-words.ts`) and stores them
 * beside the snapshot; the bar's view (`deriveBarView`) adds what changes with the clock.
 */
import { budgetPercent } from '../budget';
import { formatCount } from '../format';
import { t } from '../i18n';
import type { Settings } from '../settings';
import { recentCharges } from '../snapshot/events';
import { ENDPOINTS } from '../snapshot/reducer';
import type { Snapshot } from '../snapshot/types';
import { deriveBurnRate } from '../snapshot/usage';
import { type DescribedTime, describeTimes } from './describe-times';
import { describeBurnRate, describeDay, describeEvent } from './present';

/** Events the bar's popover lists. */
export const BAR_EVENTS = 5;

/** A credit event in words: `market_cap_refresh: 12 cr @ 12:34`. */
export interface DescribedEvent {
  id: number;
  text: string;
  analysis: boolean;
}

/** The bar's words made ahead of time (stored as `barWords`, next to the snapshot). */
export interface BarWords {
  /** The locale the words were made in (the UI's): the bar formats its own numbers in it too. */
  locale?: string;
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
export function describeCreditsTitle(
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
  return {
    locale,
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
