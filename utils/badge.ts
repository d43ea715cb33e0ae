/**
 * The toolbar badge: today's credits in a few characters, coloured by the budget, and a grey `?`
 * when there is nothing current to show. Pure: the background paints what this returns.
 */
import { budgetLevel, budgetPercent } from './budget';
import { formatCompact, formatCount } from './format';
import { t } from './i18n';
import type { Settings } from './settings';
import { deriveStatus, isStale } from './snapshot/status';
import type { Snapshot } from './snapshot/types';

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
  /** When the figure turns stale and the badge must be painted again (epoch ms), or null. */
  recheckAt: number | null;
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
  if (!credits || status.kind === 'loading' || isStale(status.kind)) {
    return {
      text: '?',
      color: BADGE_COLORS.unknown,
      title: `${name}\n${t('badgeNoFigures', status.label)}`,
      recheckAt: null,
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
    recheckAt: snapshot.updatedAt === null ? null : snapshot.updatedAt + staleAfter + 1_000,
  };
}
