import { describe, expect, it } from 'vitest';
import {
  type BudgetAlertState,
  type BudgetFigures,
  type BudgetLevel,
  type BudgetThreshold,
  budgetLevel,
  decideBudgetAlert,
  describeBudgetAlert,
  formatBudgetUsage,
} from './budget';

const DAY1 = '2026-11-23T00:00:00';
const DAY2 = '2026-11-24T00:00:00';
const figures = (total: number, patch: Partial<BudgetFigures> = {}): BudgetFigures => ({
  total,
  periodStart: DAY1,
  budget: 5000,
  warnPercent: 80,
  ...patch,
});

describe('budgetLevel', () => {
  it.each<[number | null, number | null, number, BudgetLevel]>([
    [1284, null, 80, 'none'],
    [null, 5000, 80, 'none'],
    [0, 5000, 80, 'normal'],
    [3999, 5000, 80, 'normal'],
    [4000, 5000, 80, 'warning'],
    [4999, 5000, 80, 'warning'],
    [5000, 5000, 80, 'over'],
    [7000, 5000, 80, 'over'],
    [49, 100, 50, 'normal'],
    [50, 100, 50, 'warning'],
    // 80 % of 333 is 266.4: 266 is below, 267 above.
    [266, 333, 80, 'normal'],
    [267, 333, 80, 'warning'],
  ])('%s of %s at %s %% is %s', (total, budget, warn, level) => {
    expect(budgetLevel(total, budget, warn)).toBe(level);
  });
});

describe('decideBudgetAlert', () => {
  type Row = [
    string,
    BudgetAlertState | null,
    BudgetFigures | null,
    BudgetThreshold | null,
    BudgetThreshold[],
  ];
  it.each<Row>([
    ['no credits yet: nothing', null, null, null, []],
    ['below the warning', null, figures(3999), null, []],
    ['at the warning threshold', null, figures(4000), 'warning', ['warning']],
    [
      'the warning again on the next poll: silent',
      { periodStart: DAY1, notified: ['warning'] },
      figures(4200),
      null,
      ['warning'],
    ],
    [
      'then at 100 %',
      { periodStart: DAY1, notified: ['warning'] },
      figures(5000),
      'over',
      ['warning', 'over'],
    ],
    [
      'over again on the next poll: silent',
      { periodStart: DAY1, notified: ['warning', 'over'] },
      figures(6500),
      null,
      ['warning', 'over'],
    ],
    ['both at once: one notification, the higher', null, figures(5200), 'over', ['warning', 'over']],
    [
      'a new credit day starts over (below the threshold)',
      { periodStart: DAY1, notified: ['warning', 'over'] },
      figures(12, { periodStart: DAY2 }),
      null,
      [],
    ],
    [
      'a new credit day announces again',
      { periodStart: DAY1, notified: ['warning', 'over'] },
      figures(4100, { periodStart: DAY2 }),
      'warning',
      ['warning'],
    ],
    [
      'no budget: nothing, and nothing armed',
      { periodStart: DAY1, notified: ['warning'] },
      figures(9000, { budget: null }),
      null,
      [],
    ],
    [
      'budget raised above usage: armed again, silent',
      { periodStart: DAY1, notified: ['warning', 'over'] },
      figures(5200, { budget: 10000 }),
      null,
      [],
    ],
    [
      'budget lowered below usage: announced once',
      { periodStart: DAY1, notified: ['warning'] },
      figures(4500, { budget: 4000 }),
      'over',
      ['warning', 'over'],
    ],
    [
      'a lower warning share crossed already',
      { periodStart: DAY1, notified: [] },
      figures(2600, { warnPercent: 50 }),
      'warning',
      ['warning'],
    ],
  ])('%s', (_, state, input, alert, notified) => {
    const result = decideBudgetAlert(state, input);
    expect(result.alert).toBe(alert);
    expect(result.state?.notified ?? []).toEqual(notified);
  });

  it('keeps the state as it is while there are no credits', () => {
    const state: BudgetAlertState = { periodStart: DAY1, notified: ['warning'] };
    expect(decideBudgetAlert(state, null).state).toBe(state);
  });

  it('announces each threshold once per day, whatever the number of polls', () => {
    let state: BudgetAlertState | null = null;
    const alerts: (BudgetThreshold | null)[] = [];
    const poll = (total: number, periodStart = DAY1) => {
      const result = decideBudgetAlert(state, figures(total, { periodStart }));
      state = result.state;
      if (result.alert) alerts.push(result.alert);
    };
    for (let total = 0; total <= 6000; total += 100) poll(total);
    for (let i = 0; i < 20; i += 1) poll(6000);
    expect(alerts).toEqual(['warning', 'over']);
    // Midnight: the counts start again, and so do the notifications.
    for (let total = 0; total <= 6000; total += 250) poll(total, DAY2);
    expect(alerts).toEqual(['warning', 'over', 'warning', 'over']);
  });
});

describe('wording', () => {
  it('shows usage against the budget', () => {
    expect(formatBudgetUsage(1284, 5000, 'en-US')).toBe('1,284 / 5,000');
    expect(formatBudgetUsage(1284, null, 'en-US')).toBe('1,284');
  });

  it('words the notifications', () => {
    expect(describeBudgetAlert('warning', { total: 4012, budget: 5000 }, 'en-US')).toEqual({
      title: '80 % of the daily credit budget used',
      message: '4,012 of 5,000 credits used today (the app’s credit day).',
    });
    expect(describeBudgetAlert('over', { total: 5120, budget: 5000 }, 'en-US').title).toBe(
      'Daily credit budget reached',
    );
  });
});
