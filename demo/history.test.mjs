// credits/range for past days: range(k) − range(k − 1) is the credits of the server date today − k,
// which the control API's /daily reports from the rows; also across a time zone and after the
// rows before a date were dropped (an upgraded back end).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDemo } from './test-utils.mjs';

describe.each([
  ['UTC', 'UTC'],
  ['a server east of the browser', 'Asia/Tokyo'],
  ['a server west of the browser', 'America/Chicago'],
])('credits/range, %s', (_name, tz) => {
  /** @type {Awaited<ReturnType<typeof startTestDemo>>} */
  let t;
  beforeAll(async () => {
    t = await startTestDemo({ mode: 'old', seed: 3, tz });
  });
  afterAll(() => t?.close());

  const range = async (/** @type {number} */ k) =>
    /** @type {{ total_credits: number, transaction_count: number, period_end: string }} */ (
      (await t.get(`/api/stats/credits/range?days=${k}`)).json()
    );

  it('differences of consecutive days are the daily totals, dated in the server zone', async () => {
    const { days } = await t.ctl('GET', '/daily');
    expect(days).toHaveLength(31);
    const today = days[30];
    const r1 = await range(1);
    expect(r1.period_end.slice(0, 10)).toBe(today.date);
    expect(r1.total_credits).toBe(today.credits + days[29].credits);
    let active = 0;
    for (let k = 2; k <= 30; k++) {
      const [a, b] = [await range(k - 1), await range(k)];
      expect(b.total_credits - a.total_credits, days[30 - k].date).toBe(days[30 - k].credits);
      expect(b.transaction_count - a.transaction_count).toBe(days[30 - k].rows);
      if (days[30 - k].credits > 0) active++;
    }
    // The seed spreads analyses over the last 40 days: some days have credits, some none.
    expect(active).toBeGreaterThan(3);
    expect(days.slice(0, 29).some((/** @type {{ credits: number }} */ d) => d.credits === 0)).toBe(true);
  });

  it('forgets the rows before a date, so older days stop counting', async () => {
    const { days } = await t.ctl('GET', '/daily');
    const cut = days[20].date;
    const r = await t.ctl('POST', '/forget-before', { date: cut });
    expect(r.removed).toBeGreaterThanOrEqual(0);
    const after = (await t.ctl('GET', '/daily')).days;
    for (let i = 0; i < 31; i++) {
      expect(after[i].credits, after[i].date).toBe(after[i].date < cut ? 0 : days[i].credits);
    }
    expect((await range(90)).total_credits).toBe((await range(30)).total_credits);
  });
});
