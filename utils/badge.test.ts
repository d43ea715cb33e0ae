import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, type BadgeView, deriveBadge } from './badge';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { createEmptySnapshot, type FetchError, type Snapshot } from './snapshot/types';

const NOW = Date.UTC(2026, 10, 23, 14);
const fresh = (total: number, patch: Partial<Snapshot> = {}): Snapshot => ({
  ...createEmptySnapshot(),
  updatedAt: NOW - 5_000,
  attemptAt: NOW - 5_000,
  credits: {
    total,
    byOperation: {},
    periodStart: '2026-11-23T00:00:00',
    dayStartMs: Date.UTC(2026, 10, 23),
    dayEndMs: Date.UTC(2026, 10, 24),
    fetchedAt: NOW - 5_000,
  },
  ...patch,
});
const offline: FetchError = { kind: 'offline', endpoint: '/api/stats/credits/today', message: 'x', at: NOW };
const settings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('deriveBadge', () => {
  it.each<[string, Snapshot, Settings, Partial<BadgeView>]>([
    ['no data yet', createEmptySnapshot(), settings(), { text: '?', color: BADGE_COLORS.unknown }],
    ['a few credits', fresh(842), settings(), { text: '842', color: BADGE_COLORS.normal }],
    ['compact thousands', fresh(1234), settings(), { text: '1.2k', color: BADGE_COLORS.normal }],
    ['compact tens of thousands', fresh(15_020), settings(), { text: '15k' }],
    ['under the budget', fresh(3999, {}), settings({ budget: 5000 }), { color: BADGE_COLORS.normal }],
    ['at the warning share', fresh(4000), settings({ budget: 5000 }), { color: BADGE_COLORS.warning }],
    ['over the budget', fresh(5001), settings({ budget: 5000 }), { text: '5k', color: BADGE_COLORS.over }],
    [
      'stale: two polls missed',
      fresh(842, { updatedAt: NOW - 80_000 }),
      settings(),
      { text: '?', color: BADGE_COLORS.unknown },
    ],
    [
      'with the badge refresh, five minutes old is still current',
      fresh(842, { updatedAt: NOW - 5 * 60_000 }),
      settings({ badgeRefresh: true }),
      { text: '842' },
    ],
    [
      'with the badge refresh, eleven minutes old is stale',
      fresh(842, { updatedAt: NOW - 11 * 60_000 }),
      settings({ badgeRefresh: true }),
      { text: '?' },
    ],
    [
      'the back end unreachable',
      fresh(842, { errors: [offline], failures: 2 }),
      settings(),
      { text: '?', color: BADGE_COLORS.unknown },
    ],
    ['turned off', fresh(842), settings({ badge: false }), { text: '', recheckAt: null }],
  ])('%s', (_, snapshot, s, expected) => {
    expect(deriveBadge(snapshot, s, NOW, 'en-US')).toMatchObject(expected);
  });

  it('says when the figure turns stale, so the badge can turn grey with nobody polling', () => {
    const view = deriveBadge(fresh(842), settings({ pollSeconds: 30 }), NOW, 'en-US');
    expect(view.recheckAt).toBe(NOW - 5_000 + 75_000 + 1_000);
    expect(deriveBadge(fresh(842), settings(), (view.recheckAt ?? 0) + 1, 'en-US').text).toBe('?');
  });

  it('words the tooltip', () => {
    expect(deriveBadge(fresh(4012), settings({ budget: 5000 }), NOW, 'en-US').title).toBe(
      'Live Credits Bar for Meridinate\n4,012 API credits used today\n80 % of the daily budget of 5,000 cr.',
    );
    expect(deriveBadge(createEmptySnapshot(), settings(), NOW, 'en-US').title).toBe(
      'Live Credits Bar for Meridinate\nNo current figures (Loading…).',
    );
  });
});
