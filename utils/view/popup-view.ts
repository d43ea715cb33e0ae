/**
 * The popup's view model: every word and flag the popup shows about today's data, derived at
 * render time from the snapshot, the settings and the clock, in the UI's locale. The same wording
 * rules as the bar's (`present.ts`, `status.ts`): the same snapshot reads the same in both.
 */
import { type BudgetLevel, budgetLevel } from '../budget';
import { formatCount, formatWhen } from '../format';
import type { MessageKey } from '../i18n';
import { deriveMovedPagesOffer, isIngestionGone, type MovedPagesFinding } from '../moved-pages';
import type { Settings } from '../settings';
import { isZeroEvent } from '../snapshot/events';
import { countScannedToday } from '../snapshot/scanned';
import type { Snapshot } from '../snapshot/types';
import { type DayChart, deriveBurnRate, deriveDayChart } from '../snapshot/usage';
import type { DescribedTime } from './describe-times';
import { creditBreakdown, describeBurnRate, describeDay, describeEvent } from './present';
import { deriveStatus, isStale, type Status, staleFigures } from './status';

/** Events the popup lists. */
const POPUP_EVENTS = 15;
/** Operations in the popup's breakdown. */
const POPUP_OPERATIONS = 8;

export interface PopupView {
  status: Status;
  /** Whether the figures are drawn as old (the status, or any figure older than two intervals). */
  stale: boolean;
  /** Where today's credits stand against the budget. */
  level: BudgetLevel;
  /** Tooltip of the day's figures: which "today" they count. */
  day: string;
  /** Today's credits, or `—`. */
  credits: string;
  /** The budget beside them, when there are credits and a budget. */
  budget: string | null;
  scanned: string;
  latest: { name: string; title: string; when: DescribedTime | null } | null;
  /** The burn rate and projection, when there are credits. */
  burn: string | null;
  /** Today's credits per hour, with the total, when there is usage. */
  chart: { chart: DayChart; total: number } | null;
  /** The newest events in words; `tone` marks analyses and 0-credit runs. */
  events: { id: number; text: string; tone: 'analysis' | 'zero' | null }[];
  /** What the empty event list says. */
  noEvents: MessageKey;
  /** Credits by operation, largest first, with the bar's width in percent of the largest. */
  breakdown: { operation: string; value: string; width: number }[];
  /** The offer to follow the app's moved pages, or null. */
  moved: ReturnType<typeof deriveMovedPagesOffer>;
  /** Whether the app has no Ingestion page at the configured route (no link to it then). */
  ingestionGone: boolean;
}

/** The popup's view at `now`. `movedPages`: how the configured routes answered (the background's check). */
export function derivePopupView(
  snapshot: Snapshot,
  settings: Settings,
  now: number,
  locale?: string,
  movedPages: MovedPagesFinding | null = null,
): PopupView {
  const pollMs = settings.pollSeconds * 1000;
  const status = deriveStatus(snapshot, now, pollMs, locale);
  const credits = snapshot.credits;
  const latest = snapshot.latest;
  const breakdown = creditBreakdown(snapshot);
  const maxCredits = breakdown[0]?.credits ?? 0;
  const chart = deriveDayChart(snapshot.usage, credits, now);
  const scanned = countScannedToday(snapshot);
  return {
    status,
    // Old figures (per figure: two intervals and the timeout) are drawn stale too.
    stale: isStale(status.kind) || staleFigures(snapshot, now, pollMs).figures.length > 0,
    level: budgetLevel(credits?.total ?? null, settings.budget, settings.budgetWarnPercent),
    day: describeDay(snapshot, locale),
    credits: credits ? formatCount(credits.total, locale) : '—',
    budget: credits && settings.budget !== null ? formatCount(settings.budget, locale) : null,
    scanned: scanned === null ? '—' : formatCount(scanned, locale),
    latest: latest && {
      name: latest.name,
      title: latest.rawName || latest.name,
      when: latest.at == null ? null : formatWhen(latest.at, now, locale),
    },
    burn:
      credits &&
      describeBurnRate(
        deriveBurnRate(snapshot.usage, credits, now),
        Boolean(snapshot.usage),
        credits.total,
        locale,
      ),
    chart: chart && credits ? { chart, total: credits.total } : null,
    events: snapshot.events.slice(0, POPUP_EVENTS).map((event) => ({
      id: event.id,
      text: describeEvent(event, locale),
      tone: event.analysis ? 'analysis' : isZeroEvent(event) ? 'zero' : null,
    })),
    noEvents: credits ? 'noEvents' : 'waitingForData',
    breakdown: breakdown.slice(0, POPUP_OPERATIONS).map((row) => ({
      operation: row.operation,
      value: formatCount(row.credits, locale),
      width: Math.max(2, Math.round((row.credits / maxCredits) * 100)),
    })),
    moved: deriveMovedPagesOffer(movedPages, settings, snapshot.capabilities?.tokensLatest === true),
    ingestionGone: isIngestionGone(movedPages, settings),
  };
}
