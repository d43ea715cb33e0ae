/**
 * The snapshot's ready-made words for the bar. The background writes them with every snapshot, so
 * the content script shows the budget, the burn rate and the day without carrying their code.
 */
import { budgetLevel, budgetPercent, formatBudgetUsage } from '../budget';
import { formatCount } from '../format';
import { t } from '../i18n';
import type { Settings } from '../settings';
import { describeTimes } from './describe-times';
import { recentCharges } from './events';
import { describeBurnRate, describeDay, describeEvent } from './present';
import { ENDPOINTS } from './reducer';
import type { Snapshot, SnapshotSummary } from './types';
import { deriveBurnRate } from './usage';

/** Events the bar's popover lists. */
export const BAR_EVENTS = 5;

/** The summary of a snapshot at `now`, for the user's budget settings. */
export function summarizeSnapshot(
  snapshot: Snapshot,
  settings: Pick<Settings, 'budget' | 'budgetWarnPercent'>,
  now: number,
  locale?: string,
  timeZone?: string,
): SnapshotSummary {
  const credits = snapshot.credits;
  const day = describeDay(snapshot, locale, timeZone);
  const lines = [day];
  if (credits) {
    const rate = deriveBurnRate(snapshot.usage, credits, now);
    lines.push(describeBurnRate(rate, Boolean(snapshot.usage), credits.total, locale));
    if (settings.budget !== null) {
      lines.push(
        t('budgetShare', budgetPercent(credits.total, settings.budget), formatCount(settings.budget, locale)),
      );
    }
  }
  return {
    events: recentCharges(snapshot.events, BAR_EVENTS).map((event) => ({
      id: event.id,
      text: describeEvent(event, locale, timeZone),
      analysis: event.analysis,
    })),
    credits: credits ? formatBudgetUsage(credits.total, settings.budget, locale) : '—',
    creditsTitle: lines.join('\n'),
    day,
    budget: budgetLevel(credits?.total ?? null, settings.budget, settings.budgetWarnPercent),
    failing: {
      c: snapshot.errors.some((e) => e.endpoint === ENDPOINTS.credits),
      a: snapshot.errors.some((e) => e.endpoint === ENDPOINTS.history || e.endpoint === ENDPOINTS.latest),
    },
    times: describeTimes(snapshot, now, locale, timeZone),
  };
}
