// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createDayCredits, createRenderTarget } from '../../tests/unit/fixtures';
import { addDays } from '../../utils/history/dates';
import type { HistoryDay, OriginHistory } from '../../utils/history/days';
import { createEmptySnapshot, type Snapshot } from '../../utils/snapshot/types';
import { describeMonthChart, MonthView, type MonthViewProps } from './MonthView';

const TODAY = '2026-12-04';
const snapshot = (total: number): Snapshot => ({
  ...createEmptySnapshot(),
  credits: createDayCredits(total, { x: total }, Date.UTC(2026, 11, 4, 12)),
});
/** Past days `k` back → credits. */
const history = (values: Record<number, number | null>): OriginHistory => ({
  days: Object.fromEntries(Object.entries(values).map(([k, v]) => [addDays(TODAY, -Number(k)), v])),
});

const container = createRenderTarget();

function show(patch: Partial<MonthViewProps>) {
  const props: MonthViewProps = {
    open: true,
    onToggle: vi.fn(),
    history: undefined,
    status: { state: 'idle' },
    snapshot: snapshot(50),
    plan: null,
    rowCount: 0,
    onExportEvents: vi.fn(),
    onExportDays: vi.fn(),
    locale: 'en-US',
    ...patch,
  };
  act(() => render(<MonthView {...props} />, container()));
  const text = (id: string) => container().querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
  return { props, text };
}

describe('MonthView', () => {
  it('shows only the toggle while closed, and says when it opens', () => {
    const { props } = show({ open: false });
    expect(container().querySelector('[data-testid="month-panel"]')).toBe(null);
    const toggle = container().querySelector('button');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    act(() => toggle?.click());
    expect(props.onToggle).toHaveBeenCalledWith(true);
  });

  it('sums the calendar month (not the days before the 1st) and projects from 3 whole days', () => {
    const { text } = show({ history: history({ 1: 100, 2: 100, 3: 100, 4: 999, 5: 999 }) });
    expect(text('month-total')).toBe('350');
    // (300 + max(50, 100) + 100 × 27 days left) = 3,100 by Dec 31.
    expect(text('month-pace')).toBe('on pace for 3.1K by Dec 31');
    expect(text('month-busiest')).toBe('Busiest day: Nov 29, 999 cr');
  });

  it('a plan cycle renewing on the 31st, with the figure against the plan', () => {
    const values = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [i + 1, 40_000]));
    const { text } = show({
      history: history(values),
      snapshot: snapshot(10_000),
      plan: { credits: 10_000_000, renewDay: 31 },
    });
    // Cycle from Nov 30 (November has no 31st): 4 whole days and today.
    expect(text('month-total')).toBe('170K / 10M this cycle');
    expect(container().textContent).toContain('Plan cycle since Nov 30');
    expect(text('month-pace')).toBe('on pace for 1.24M by Dec 30');
  });

  it('draws unknown and loading days apart from zero days, in words too', () => {
    show({ history: history({ 1: 10, 2: 0, 3: 7, 4: 0, 5: null }) });
    const state = (k: number) =>
      container()
        .querySelector(`rect[data-date="${addDays(TODAY, -k)}"]`)
        ?.getAttribute('data-state');
    expect([state(1), state(2), state(3), state(4), state(5), state(6), state(0)]).toEqual([
      'known',
      'known',
      'known',
      'unknown',
      'unknown',
      'pending',
      'today',
    ]);
    expect(container().querySelectorAll('rect')).toHaveLength(30);
    expect(container().querySelector('figcaption')?.textContent).toBe(
      'Last 30 server days: 67 credits on the days known, 26 day(s) unknown.',
    );
    expect(container().querySelector(`rect[data-date="${addDays(TODAY, -4)}"] title`)?.textContent).toBe(
      'Nov 30: unknown (no data from the back end)',
    );
  });

  it('gives no projection from fewer than 3 whole days, and counts the missing days', () => {
    // Dec 1 is not loaded: the note says so, and no projection is offered.
    const { text } = show({ history: history({ 1: 10, 2: 10 }) });
    expect(text('month-missing')).toBe('1 day(s) of it unknown or still loading: the sum is at least this.');
    expect(text('month-pace')).toBe(null);
    // Every day of the month there, but only three whole ones are needed: two are not enough.
    const onThe3rd = snapshot(5);
    if (onThe3rd.credits) onThe3rd.credits.periodStart = '2026-12-03T00:00:00';
    const again = show({ history: { days: { '2026-12-01': 10, '2026-12-02': 10 } }, snapshot: onThe3rd });
    expect(again.text('month-missing')).toBe(null);
    expect(again.text('month-pace')).toBe('A projection needs 3 whole days of data.');
  });

  it('exports from what it holds; no rows, no events export', () => {
    const { props } = show({ history: history({ 1: 5 }), rowCount: 0 });
    const [events, days] = [...container().querySelectorAll<HTMLButtonElement>('.popup-export button')];
    expect(events?.disabled).toBe(true);
    act(() => days?.click());
    expect(props.onExportDays).toHaveBeenCalledTimes(1);
    const exported = vi.mocked(props.onExportDays).mock.calls[0]?.[0];
    expect(exported).toHaveLength(30);
    expect(exported?.at(-1)).toEqual({ date: TODAY, credits: 50, state: 'today' });
  });
});

describe('describeMonthChart', () => {
  const day = (credits: number | null, state: HistoryDay['state']): HistoryDay => ({
    date: '2026-12-01',
    credits,
    state,
  });
  it.each<[string, HistoryDay[], string]>([
    [
      'every day known: no "0 days unknown"',
      [day(10, 'known'), day(5, 'today')],
      'Last 30 server days: 15 credits.',
    ],
    [
      'a day unknown',
      [day(10, 'known'), day(null, 'unknown')],
      'Last 30 server days: 10 credits on the days known, 1 day(s) unknown.',
    ],
    [
      'a day still loading counts as unknown',
      [day(null, 'pending'), day(1_234, 'today')],
      'Last 30 server days: 1,234 credits on the days known, 1 day(s) unknown.',
    ],
  ])('%s', (_name, days, words) => {
    expect(describeMonthChart(days, 'en-US')).toBe(words);
  });
});
