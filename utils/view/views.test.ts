// The bar and the popup say the same thing about the same snapshot: the same status, day, figures,
// times and event words (each view then shows what fits it).
import { describe, expect, it } from 'vitest';
import {
  createCapabilities,
  createCreditEvent,
  createLatest,
  createLoadedSnapshot,
  MIN,
} from '../../tests/unit/fixtures';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { type CreditEvent, createEmptySnapshot, type Snapshot } from '../snapshot/types';
import { deriveBarFeed, deriveBarView } from './bar-view';
import { derivePopupView } from './popup-view';

const NOW = Date.UTC(2026, 11, 6, 14, 30);
const event = (id: number, operation: string, credits: number, patch: Partial<CreditEvent> = {}) =>
  createCreditEvent(id, operation, credits, NOW - id * MIN, patch);
const loaded = createLoadedSnapshot(
  NOW,
  { total: 12_345, byOperation: { market_cap_refresh: 12_000, wallet_balance: 345 } },
  {
    recentAnalyses: {
      times: [NOW - 10 * MIN, NOW - 20 * MIN, Date.UTC(2026, 11, 5, 23)],
      fetchedAt: NOW - 5_000,
    },
    latest: createLatest(NOW - 26 * 60 * MIN, NOW - 5_000),
    events: [
      event(1, 'position_check', 0, { count: 12 }),
      event(2, 'market_cap_refresh', 12),
      event(3, 'token_analysis', 205, { analysis: true }),
      event(4, 'wallet_balance', 20, { count: 20 }),
    ],
    usage: {
      hours: [],
      minutes: Array.from({ length: 60 }, (_, i) => [NOW - (60 - i) * MIN, 5] as [number, number]),
      since: 0,
      lastId: 9,
    },
    capabilities: createCapabilities(NOW - 60 * MIN, { ingestStats: true }),
  },
);

/** The events each view lists (by id): the popup all four, the bar all but the 0-credit run. */
const EVENTS = { popup: [1, 2, 3, 4], bar: [2, 3, 4] };
const NO_EVENTS = { popup: [], bar: [] };
const cases: [string, Snapshot, Partial<Settings>, { popup: number[]; bar: number[] }][] = [
  ['loading', createEmptySnapshot(), {}, NO_EVENTS],
  ['polling, no budget', loaded, {}, EVENTS],
  ['live, with a budget', { ...loaded, socket: 'connected' }, { budget: 20_000 }, EVENTS],
  ['updating', { ...loaded, updating: NOW - 1_000 }, {}, EVENTS],
  ['old', { ...loaded, updatedAt: NOW - 10 * MIN }, {}, EVENTS],
  [
    'offline, retrying',
    {
      ...loaded,
      errors: [{ kind: 'offline', endpoint: '/api/stats/credits/today', message: 'm', at: NOW }],
      failures: 2,
      nextAttemptAt: NOW + 20_000,
    },
    {},
    EVENTS,
  ],
  [
    'rate-limited',
    {
      ...loaded,
      errors: [{ kind: 'rate-limited', endpoint: '/api/tokens/history', message: 'm', at: NOW }],
      failures: 1,
      nextAttemptAt: NOW + 60_000,
    },
    {},
    EVENTS,
  ],
  ['paused', { ...loaded, paused: [{ endpoint: '/api/tokens/history', until: NOW + 30 * MIN }] }, {}, EVENTS],
  [
    'partly updated',
    { ...loaded, errors: [{ kind: 'server', endpoint: '/api/tokens/history', message: 'm', at: NOW }] },
    {},
    EVENTS,
  ],
  ['no latest, no events', { ...loaded, latest: null, events: [] }, { pollSeconds: 60 }, NO_EVENTS],
];

describe('the bar and the popup agree', () => {
  it.each(cases)('%s', (_, snapshot, patch, events) => {
    const settings = { ...DEFAULT_SETTINGS, ...patch };
    const bar = deriveBarView(deriveBarFeed(snapshot, settings, NOW, 'en-US'), settings, NOW, 'tokens');
    const popup = derivePopupView(snapshot, settings, NOW, 'en-US');

    expect(bar.status).toEqual(popup.status);
    expect(bar.scanned.value).toBe(popup.scanned);
    expect(bar.scanned.title).toBe(popup.day);
    // The bar shows the budget in the figure, the popup beside it.
    expect(bar.credits.value).toBe(
      popup.budget === null ? popup.credits : `${popup.credits} / ${popup.budget}`,
    );
    // The bar's credits tooltip: the day, then the popup's burn-rate line.
    expect(bar.credits.title?.split('\n').slice(0, 2)).toEqual(
      popup.burn ? [popup.day, popup.burn] : [popup.day],
    );
    expect(bar.latest?.name).toBe(popup.latest?.name);
    expect(bar.latest?.when ?? null).toEqual(popup.latest?.when ?? null);
    // Recent Credits leave out the 0-credit runs; every event they show reads as in the popup.
    const popupEvents = new Map(popup.events.map((e) => [e.id, e.text]));
    for (const shown of bar.events) expect(shown.text).toBe(popupEvents.get(shown.id));
    expect(popup.events.map((e) => e.id)).toEqual(events.popup);
    expect(bar.events.map((e) => e.id)).toEqual(events.bar);
  });

  it('both read the budget and the dates alike (the case table sees these words)', () => {
    const settings = { ...DEFAULT_SETTINGS, budget: 20_000 };
    const bar = deriveBarView(deriveBarFeed(loaded, settings, NOW, 'en-US'), settings, NOW, 'tokens');
    const popup = derivePopupView(loaded, settings, NOW, 'en-US');
    expect(bar.credits.value).toBe('12,345 / 20,000');
    expect([popup.credits, popup.budget, popup.level]).toEqual(['12,345', '20,000', 'normal']);
    expect(bar.latest?.when?.text).toMatch(/^yesterday /);
    expect(popup.latest?.when?.text).toBe(bar.latest?.when?.text);
    expect(popup.burn).toBe('~300 cr/h · on pace for 15,000 today');
    expect(bar.events.map((e) => e.text)).toEqual([
      expect.stringMatching(/^market_cap_refresh: 12 cr @/),
      expect.stringMatching(/^Analysis finished: 205 cr @/),
      expect.stringMatching(/^wallet_balance ×20: 20 cr @/),
    ]);
  });
});

describe('derivePopupView', () => {
  it.each<[string, Snapshot, Partial<Settings>, Partial<ReturnType<typeof derivePopupView>>]>([
    [
      'nothing yet',
      createEmptySnapshot(),
      {},
      { credits: '—', budget: null, scanned: '—', burn: null, noEvents: 'waitingForData', level: 'none' },
    ],
    [
      'no budget',
      loaded,
      {},
      { credits: '12,345', budget: null, scanned: '2', level: 'none', noEvents: 'noEvents' },
    ],
    [
      'at the warning share',
      loaded,
      { budget: 15_000, budgetWarnPercent: 80 },
      { budget: '15,000', level: 'warning' },
    ],
    ['over the budget', loaded, { budget: 10_000 }, { budget: '10,000', level: 'over' }],
  ])('%s', (_, snapshot, patch, expected) => {
    expect(derivePopupView(snapshot, { ...DEFAULT_SETTINGS, ...patch }, NOW, 'en-US')).toMatchObject(
      expected,
    );
  });

  it('marks analyses and 0-credit runs, and sizes the breakdown against the largest operation', () => {
    const view = derivePopupView(loaded, DEFAULT_SETTINGS, NOW, 'en-US');
    expect(view.events.map((e) => e.tone)).toEqual(['zero', null, 'analysis', null]);
    expect(view.breakdown).toEqual([
      { operation: 'market_cap_refresh', value: '12,000', width: 100 },
      { operation: 'wallet_balance', value: '345', width: 3 },
    ]);
  });
});
