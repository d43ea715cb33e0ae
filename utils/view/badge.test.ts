import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { createEmptySnapshot, type FetchError, type Snapshot } from '../snapshot/types';
import { BADGE_COLORS, type BadgeView, deriveBadge } from './badge';

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
      'old: two polls missed, the last known figure in grey',
      fresh(842, { updatedAt: NOW - 80_000 }),
      settings(),
      { text: '842', color: BADGE_COLORS.unknown },
    ],
    [
      'old and over the budget: grey all the same',
      fresh(5001, { updatedAt: NOW - 80_000 }),
      settings({ budget: 5000 }),
      { text: '5k', color: BADGE_COLORS.unknown },
    ],
    [
      'old, from a credit day that has ended: ?',
      fresh(842, {
        updatedAt: NOW - 2 * 3_600_000,
        credits: {
          total: 842,
          byOperation: {},
          periodStart: '2026-11-22T00:00:00',
          dayStartMs: Date.UTC(2026, 10, 22, 13),
          dayEndMs: Date.UTC(2026, 10, 23, 13),
          fetchedAt: NOW - 2 * 3_600_000,
        },
      }),
      settings(),
      { text: '?', color: BADGE_COLORS.unknown, recheckAt: null },
    ],
    [
      'current a moment ago, but the credit day has ended since: ?',
      fresh(842, {
        credits: {
          total: 842,
          byOperation: {},
          periodStart: '2026-11-22T00:00:00',
          dayStartMs: Date.UTC(2026, 10, 22),
          dayEndMs: NOW - 1_000,
          fetchedAt: NOW - 5_000,
        },
      }),
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
      'with the badge refresh, eleven minutes old is old',
      fresh(842, { updatedAt: NOW - 11 * 60_000 }),
      settings({ badgeRefresh: true }),
      { text: '842', color: BADGE_COLORS.unknown },
    ],
    [
      'the back end unreachable: the last figure in grey',
      fresh(842, { errors: [offline], failures: 2 }),
      settings(),
      { text: '842', color: BADGE_COLORS.unknown },
    ],
    [
      'old, and the day’s end unknown: ?',
      fresh(842, {
        updatedAt: NOW - 80_000,
        credits: {
          total: 842,
          byOperation: {},
          periodStart: '2026-11-23T00:00:00',
          dayStartMs: null,
          dayEndMs: null,
          fetchedAt: NOW - 80_000,
        },
      }),
      settings(),
      { text: '?', color: BADGE_COLORS.unknown },
    ],
    ['turned off', fresh(842), settings({ badge: false }), { text: '', recheckAt: null }],
  ])('%s', (_, snapshot, s, expected) => {
    expect(deriveBadge(snapshot, s, NOW, 'en-US')).toMatchObject(expected);
  });

  it('says when the figure turns old, so the badge can turn grey with nobody polling', () => {
    const view = deriveBadge(fresh(842), settings({ pollSeconds: 30 }), NOW, 'en-US');
    expect(view.recheckAt).toBe(NOW - 5_000 + 75_000 + 1_000);
    expect(deriveBadge(fresh(842), settings(), (view.recheckAt ?? 0) + 1, 'en-US')).toMatchObject({
      text: '842',
      color: BADGE_COLORS.unknown,
    });
  });

  it('paints an old figure again when its credit day ends, or at local midnight if sooner', () => {
    const dayEnd = Date.UTC(2026, 10, 24);
    const old = fresh(842, { updatedAt: NOW - 3_600_000 });
    const view = deriveBadge(old, settings(), NOW, 'en-US');
    const midnight = new Date(NOW);
    midnight.setHours(24, 0, 0, 0);
    expect(view.recheckAt).toBe(Math.min(dayEnd, midnight.getTime()));
    expect(view.recheckAt).toBeGreaterThan(NOW);
    expect(deriveBadge(old, settings(), dayEnd, 'en-US')).toMatchObject({ text: '?', recheckAt: null });
    // A current figure is painted again at the day's end when that comes before it turns old.
    const late = fresh(842, {
      credits: { ...(old.credits as NonNullable<Snapshot['credits']>), dayEndMs: NOW + 10_000 },
    });
    expect(deriveBadge(late, settings(), NOW, 'en-US').recheckAt).toBe(NOW + 10_000);
  });

  it('words the tooltip', () => {
    expect(deriveBadge(fresh(4012), settings({ budget: 5000 }), NOW, 'en-US').title).toBe(
      'Live Credits Bar for Meridinate\n4,012 API credits used today\n80 % of the daily budget of 5,000 cr.',
    );
    expect(deriveBadge(createEmptySnapshot(), settings(), NOW, 'en-US').title).toBe(
      'Live Credits Bar for Meridinate\nNo current figures (Loading…).',
    );
    const fetchedAt = NOW - 20 * 60_000;
    const old = fresh(4012, {
      updatedAt: fetchedAt,
      credits: { ...(fresh(4012).credits as NonNullable<Snapshot['credits']>), fetchedAt },
    });
    const clock = new Date(fetchedAt).toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' });
    expect(deriveBadge(old, settings(), NOW, 'en-US').title).toBe(
      `Live Credits Bar for Meridinate\nLast known, as of ${clock}: 4,012 API credits used today\nNot updated while no bar or popup is open.`,
    );
    expect(
      deriveBadge(fresh(842, { errors: [offline], failures: 2 }), settings(), NOW, 'en-US').title.split(
        '\n',
      )[2],
    ).toBe('Back end unreachable');
  });
});
