/**
 * The toolbar badge: today's credits in a few characters, coloured by the budget while current,
 * grey once old (its time in the tooltip), and a grey `?` only when nothing is known or the last
 * figure belongs to a past credit day. Pure: the background paints what this returns.
 */
import { budgetLevel, budgetPercent } from '../budget';
import { formatCompact, formatCount, formatWhen } from '../format';
import { t } from '../i18n';
import type { Settings } from '../settings';
import type { Snapshot } from '../snapshot/types';
import { deriveStatus, isStale } from './status';

/** The badge's own slow refresh while no bar or popup is open (opt-in): 12 requests an hour at most. */
export const BADGE_REFRESH_MS = 5 * 60_000;

export const BADGE_COLORS = {
  normal: '#2563eb',
  warning: '#b45309',
  over: '#dc2626',
  unknown: '#6b7280',
} as const;

export interface BadgeView {
  /** '' hides the badge. */
  text: string;
  color: string;
  /** The toolbar button's tooltip. */
  title: string;
  /**
   * When the badge must be painted again (epoch ms), or null: the figure turning old, the credit
   * day ending (yesterday's figure is never shown as today's), or local midnight (the tooltip's
   * "as of 12:40" would read as today). Only a repaint: nothing is fetched for it.
   */
  recheckAt: number | null;
}

/** The next local midnight after `now`: where "12:40" turns into "yesterday 12:40". */
function nextLocalMidnight(now: number): number {
  const date = new Date(now);
  date.setHours(24, 0, 0, 0);
  return date.getTime();
}

/** How old the figures may get before the badge calls them stale. */
export function badgeStaleAfterMs(settings: Pick<Settings, 'pollSeconds' | 'badgeRefresh'>): number {
  const cadence = settings.badgeRefresh
    ? Math.max(BADGE_REFRESH_MS, settings.pollSeconds * 1000)
    : settings.pollSeconds * 1000;
  // The same rule as deriveStatus: two missed updates and some slack.
  return cadence * 2 + 15_000;
}

/** What the badge shows for this snapshot at `now`. */
export function deriveBadge(
  snapshot: Snapshot,
  settings: Pick<Settings, 'badge' | 'badgeRefresh' | 'pollSeconds' | 'budget' | 'budgetWarnPercent'>,
  now: number,
  locale?: string,
): BadgeView {
  const name = t('extName');
  if (!settings.badge) return { text: '', color: BADGE_COLORS.normal, title: name, recheckAt: null };
  const staleAfter = badgeStaleAfterMs(settings);
  const status = deriveStatus(snapshot, now, (staleAfter - 15_000) / 2, locale);
  const credits = snapshot.credits;
  const unknown = (why: string): BadgeView => ({
    text: '?',
    color: BADGE_COLORS.unknown,
    title: `${name}\n${why}`,
    recheckAt: null,
  });
  if (!credits || status.kind === 'loading') return unknown(t('badgeNoFigures', status.label));
  // A figure is today's only until its credit day ends; without the day's end it cannot be told.
  const dayEnd = credits.dayEndMs;
  const stale = isStale(status.kind);
  if (dayEnd !== null && now >= dayEnd) return unknown(t('badgePastDay'));
  if (stale) {
    if (dayEnd === null) return unknown(t('badgeNoFigures', status.label));
    // The last known figure, drawn as old: grey, with when it was fetched.
    return {
      text: formatCompact(credits.total),
      color: BADGE_COLORS.unknown,
      title: [
        name,
        t(
          'badgeLastKnown',
          formatWhen(credits.fetchedAt, now, locale).text,
          formatCount(credits.total, locale),
        ),
        status.kind === 'stale' ? t('badgeNotWatching') : status.label,
      ].join('\n'),
      recheckAt: Math.min(dayEnd, nextLocalMidnight(now)),
    };
  }
  const level = budgetLevel(credits.total, settings.budget, settings.budgetWarnPercent);
  const lines = [name, t('badgeCredits', formatCount(credits.total, locale))];
  if (settings.budget !== null) {
    lines.push(
      t('budgetShare', budgetPercent(credits.total, settings.budget), formatCount(settings.budget, locale)),
    );
  }
  return {
    text: formatCompact(credits.total),
    color: level === 'none' ? BADGE_COLORS.normal : BADGE_COLORS[level],
    title: lines.join('\n'),
    recheckAt:
      snapshot.updatedAt === null
        ? dayEnd
        : Math.min(snapshot.updatedAt + staleAfter + 1_000, dayEnd ?? Number.POSITIVE_INFINITY),
  };
}
