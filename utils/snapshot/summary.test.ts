import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../settings';
import { describeBurnRate, roundEstimate } from './present';
import { summarizeSnapshot } from './summary';
import { createEmptySnapshot, type Snapshot } from './types';
import { type BurnRate, HOUR_MS, MINUTE_MS } from './usage';

const DAY_START = Date.UTC(2026, 10, 23);
const NOW = DAY_START + 14 * HOUR_MS;
const loaded: Snapshot = {
  ...createEmptySnapshot(),
  credits: {
    total: 1284,
    byOperation: {},
    periodStart: '2026-11-23T00:00:00',
    dayStartMs: DAY_START,
    dayEndMs: DAY_START + 24 * HOUR_MS,
    fetchedAt: NOW,
  },
  capabilities: {
    tokensLatest: false,
    ingestStats: true,
    serverOffsetMin: 0,
    apiBase: 'http://localhost:5003',
    probedAt: NOW,
  },
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

describe('summarizeSnapshot', () => {
  it('gives the credits, the day and the burn rate', () => {
    const s = summarizeSnapshot(loaded, DEFAULT_SETTINGS, NOW, 'en-US', 'UTC');
    expect(s.credits).toBe('1,284');
    expect(s.budget).toBe('none');
    expect(s.day).toMatch(/^Today: the app’s credit day/);
    expect(s.creditsTitle.split('\n')).toEqual([s.day, '~300 cr/h · on pace for 4,300 today']);
  });

  it('shows usage against a budget, with its share in the tooltip', () => {
    const s = summarizeSnapshot(loaded, { budget: 1500, budgetWarnPercent: 80 }, NOW, 'en-US', 'UTC');
    expect(s.credits).toBe('1,284 / 1,500');
    expect(s.budget).toBe('warning');
    expect(s.creditsTitle.split('\n')[2]).toBe('85 % of the daily budget of 1,500 cr.');
  });

  it('has a dash and no rate before the first figures', () => {
    const s = summarizeSnapshot(createEmptySnapshot(), { budget: 1500, budgetWarnPercent: 80 }, NOW);
    expect(s.credits).toBe('—');
    expect(s.budget).toBe('none');
    expect(s.creditsTitle).toBe(s.day);
  });
});
