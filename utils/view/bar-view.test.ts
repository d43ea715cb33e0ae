import { describe, expect, it } from 'vitest';
import { createCapabilities, createDayCredits } from '../../tests/unit/fixtures';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { createEmptySnapshot, type FetchError, type Snapshot } from '../snapshot/types';
import { type BurnRate, HOUR_MS, MINUTE_MS } from '../snapshot/usage';
import { deriveBarFeed, deriveBarView, deriveBarWords } from './bar-view';
import { derivePopupView } from './popup-view';
import { describeBurnRate, roundEstimate } from './present';

const DAY_START = Date.UTC(2026, 10, 23);
const NOW = DAY_START + 14 * HOUR_MS;
const loaded: Snapshot = {
  ...createEmptySnapshot(),
  credits: createDayCredits(1284, {}, NOW),
  capabilities: createCapabilities(NOW, { ingestStats: true, apiBase: 'http://localhost:5003' }),
  // 5 cr every minute of the last hour: 300 cr/h.
  usage: {
    hours: [],
    minutes: Array.from({ length: 60 }, (_, i) => [NOW - (60 - i) * MINUTE_MS, 5]),
    since: 0,
    lastId: 9,
  },
};

describe('roundEstimate', () => {
  it.each([
    [7.4, 7],
    [354, 350],
    [6234, 6200],
    [12_345, 12_000],
    [999.6, 1000],
  ])('%s → %s', (n, rounded) => {
    expect(roundEstimate(n)).toBe(rounded);
  });
  it('never goes below the floor', () => {
    expect(roundEstimate(1240, 1240)).toBe(1240);
  });
});

describe('describeBurnRate', () => {
  const rate = (patch: Partial<BurnRate>): BurnRate => ({
    perHour: 350,
    windowMs: HOUR_MS,
    projection: 6234,
    tooEarly: false,
    ...patch,
  });
  it.each<[string, BurnRate, boolean, string]>([
    ['rate and projection', rate({}), true, '~350 cr/h · on pace for 6,200 today'],
    ['no projection', rate({ projection: null }), true, '~350 cr/h'],
    [
      'too early to project',
      rate({ projection: null, tooEarly: true }),
      true,
      '~350 cr/h · too early to project',
    ],
    [
      'less than an hour watched',
      rate({ windowMs: 20 * MINUTE_MS, perHour: 120, projection: 2400 }),
      true,
      '~120 cr/h (last 20 min) · on pace for 2,400 today',
    ],
    [
      'too little watched',
      rate({ perHour: null, windowMs: 4 * MINUTE_MS, projection: null }),
      true,
      'Too little data for a burn rate yet (watching for 4 min).',
    ],
    ['nothing seen', rate({ perHour: null }), false, 'No credit transactions seen yet, so no burn rate.'],
  ])('%s', (_, r, hasUsage, text) => {
    expect(describeBurnRate(r, hasUsage, 1284, 'en-US')).toBe(text);
  });
});

/**
 * What the stored snapshot's `summary` said before the views derived it: the bar's words (day,
 * tooltip), the bar's credits figure and the budget level (now the popup's; the bar never showed it).
 */
function summarize(
  snapshot: Snapshot,
  budget: Pick<Settings, 'budget' | 'budgetWarnPercent'>,
  locale?: string,
) {
  const settings = { ...DEFAULT_SETTINGS, ...budget };
  const feed = deriveBarFeed(snapshot, settings, NOW, locale, 'UTC');
  return {
    ...feed.words,
    credits: deriveBarView(feed, settings, NOW, 'tokens').credits.value,
    budget: derivePopupView(snapshot, settings, NOW, locale).level,
  };
}

/** The day's words with the local time of the server's midnight (known once the day is). */
const DAY = 'Today: the app’s credit day, from midnight server time (12:00 AM your time).';
const RATE = '~300 cr/h · on pace for 4,300 today';
const failed = (kind: FetchError['kind'], endpoint: string): FetchError[] => [
  { kind, endpoint, message: 'm', at: NOW },
];

describe('deriveBarWords', () => {
  it.each<
    [
      string,
      Snapshot,
      Pick<Settings, 'budget' | 'budgetWarnPercent'>,
      string | undefined,
      { credits: string; budget: string; day: string; title: string[] },
    ]
  >([
    [
      'gives the credits, the day and the burn rate',
      loaded,
      DEFAULT_SETTINGS,
      'en-US',
      { credits: '1,284', budget: 'none', day: DAY, title: [DAY, RATE] },
    ],
    [
      'shows usage against a budget, with its share in the tooltip',
      loaded,
      { budget: 1500, budgetWarnPercent: 80 },
      'en-US',
      {
        credits: '1,284 / 1,500',
        budget: 'warning',
        day: DAY,
        title: [DAY, RATE, '85 % of the daily budget of 1,500 cr.'],
      },
    ],
    [
      'has a dash and no rate before the first figures',
      createEmptySnapshot(),
      { budget: 1500, budgetWarnPercent: 80 },
      undefined,
      {
        credits: '—',
        budget: 'none',
        day: 'Today: the app’s credit day, from midnight server time.',
        title: ['Today: the app’s credit day, from midnight server time.'],
      },
    ],
  ])('%s', (_, snapshot, budget, locale, expected) => {
    const s = summarize(snapshot, budget, locale);
    expect({ credits: s.credits, budget: s.budget, day: s.day, title: s.creditsTitle.split('\n') }).toEqual(
      expected,
    );
  });

  it.each<[string, FetchError[], { c: boolean; a: boolean }]>([
    ['nothing fails', [], { c: false, a: false }],
    ['credits fail', failed('server', '/api/stats/credits/today'), { c: true, a: false }],
    ['history fails', failed('server', '/api/tokens/history'), { c: false, a: true }],
    ['latest fails', failed('timeout', '/api/tokens/latest'), { c: false, a: true }],
    ['ingest fails', failed('server', '/api/ingest/queue/stats'), { c: false, a: false }],
  ])('marks the failing figures: %s', (_, errors, failing) => {
    expect(deriveBarWords({ ...loaded, errors }, DEFAULT_SETTINGS, NOW).failing).toEqual(failing);
  });
});

describe('deriveBarView', () => {
  it.each(['tokens', 'ingestion'] as const)(
    'says it is loading before the first feed, with nothing old or failing (%s)',
    (page) => {
      expect(deriveBarView(null, DEFAULT_SETTINGS, NOW, page)).toEqual({
        status: {
          kind: 'loading',
          label: 'Loading…',
          detail: 'Fetching today’s figures from Meridinate.',
          busy: false,
        },
        next: null,
        pill: '—',
        scanned: { value: '—', stale: false },
        credits: { value: '—', stale: false },
        latest: null,
        ingest: null,
        events: [],
      });
    },
  );
});
