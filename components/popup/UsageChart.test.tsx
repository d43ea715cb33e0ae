// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { createRenderTarget } from '../../tests/unit/fixtures';
import { type DayChart, HOUR_MS } from '../../utils/snapshot/usage';
import { describeUsageChart, UsageChart } from './UsageChart';

const DAY_START = Date.UTC(2026, 10, 23);
const chart = (patch: Partial<DayChart> = {}): DayChart => ({
  dayStartMs: DAY_START,
  hours: [0, 0, 40, 0, 120, 30],
  partialSince: null,
  counted: 190,
  unattributed: 0,
  ...patch,
});

const container = createRenderTarget();

describe('describeUsageChart', () => {
  it.each<[string, DayChart, number, string]>([
    ['complete', chart(), 190, '190 cr today. Busiest hour: 04:00 AM with 120 cr.'],
    [
      'partial, with credits it cannot place',
      chart({ partialSince: DAY_START + 3.5 * HOUR_MS, unattributed: 1094 }),
      1284,
      '1,284 cr today. Busiest hour: 04:00 AM with 120 cr. Hour by hour since 03:30 AM, when the extension started watching. 1,094 cr are not split by hour (used before watching began, or while nobody looked).',
    ],
    ['nothing yet', chart({ hours: [0], counted: 0 }), 0, '0 cr today.'],
  ])('%s', (_, c, total, text) => {
    expect(describeUsageChart({ chart: c, total, locale: 'en-US', timeZone: 'UTC' })).toBe(text);
  });
});

describe('UsageChart', () => {
  it('draws one bar per hour, the unwatched hours as outlines, with the summary as its name', () => {
    act(() =>
      render(
        <UsageChart
          chart={chart({ partialSince: DAY_START + 2 * HOUR_MS })}
          total={190}
          locale="en-US"
          timeZone="UTC"
        />,
        container(),
      ),
    );
    expect(container().querySelectorAll('rect')).toHaveLength(6);
    expect(container().querySelectorAll('rect.popup-chart-unwatched')).toHaveLength(2);
    expect(container().querySelector('rect.popup-chart-now')).not.toBeNull();
    expect(container().querySelector('rect:nth-of-type(5) title')?.textContent).toBe(
      '04:00 AM–05:00 AM: 120 cr',
    );
    const svg = container().querySelector('svg');
    expect(svg?.getAttribute('role')).toBe('img');
    expect(svg?.getAttribute('aria-labelledby')).toBe('chart-summary');
    expect(container().querySelector('#chart-summary')?.textContent).toMatch(/^190 cr today\./);
  });
});
