// The alerts' shared end (budget and plan): the thresholds announced are kept per period, and a
// notification is shown once per threshold, only with the permission (the fake browser's storage
// and notifications).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { BudgetAlertState, BudgetFigures } from '../budget';
import { announceThresholds } from './budget-alerts';
import { budgetAlertStorage } from './storage';

const figures = (total: number, periodStart = '2026-12-06T00:00:00'): BudgetFigures => ({
  total,
  periodStart,
  budget: 1000,
  warnPercent: 80,
});
const words = (alert: string) => ({
  id: `test-${alert}`,
  title: `title ${alert}`,
  message: `message ${alert}`,
});

describe('announceThresholds', () => {
  let granted = true;
  beforeEach(() => {
    fakeBrowser.reset();
    granted = true;
    fakeBrowser.permissions.contains = vi.fn(async () => granted);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each<[string, BudgetAlertState | null, BudgetFigures, boolean, BudgetAlertState | null, string[]]>([
    [
      'below the warning share',
      null,
      figures(500),
      true,
      { periodStart: '2026-12-06T00:00:00', notified: [] },
      [],
    ],
    [
      'the warning share crossed',
      null,
      figures(850),
      true,
      { periodStart: '2026-12-06T00:00:00', notified: ['warning'] },
      ['test-warning'],
    ],
    [
      'the warning already announced today',
      { periodStart: '2026-12-06T00:00:00', notified: ['warning'] },
      figures(900),
      true,
      { periodStart: '2026-12-06T00:00:00', notified: ['warning'] },
      [],
    ],
    [
      'over, after the warning',
      { periodStart: '2026-12-06T00:00:00', notified: ['warning'] },
      figures(1200),
      true,
      { periodStart: '2026-12-06T00:00:00', notified: ['warning', 'over'] },
      ['test-over'],
    ],
    [
      'a new period announces again',
      { periodStart: '2026-12-05T00:00:00', notified: ['warning'] },
      figures(850, '2026-12-06T00:00:00'),
      true,
      { periodStart: '2026-12-06T00:00:00', notified: ['warning'] },
      ['test-warning'],
    ],
    [
      'no permission: kept as announced, nothing shown',
      null,
      figures(850),
      false,
      { periodStart: '2026-12-06T00:00:00', notified: ['warning'] },
      [],
    ],
  ])('%s', async (_, stored, crossed, permission, state, shown) => {
    granted = permission;
    if (stored) await budgetAlertStorage.set(stored);
    await announceThresholds(budgetAlertStorage, stored, crossed, words);
    expect(await budgetAlertStorage.get()).toEqual(state);
    const created = fakeBrowser.notifications.getAllCreateOptions();
    expect(Object.keys(created)).toEqual(shown);
    for (const id of shown) {
      const alert = id.slice('test-'.length);
      expect(created[id]).toMatchObject({
        type: 'basic',
        title: `title ${alert}`,
        message: `message ${alert}`,
      });
    }
  });
});
