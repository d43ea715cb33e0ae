// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import {
  createCreditEvent,
  createLatest,
  createLoadedSnapshot,
  createRenderTarget,
} from '../../tests/unit/fixtures';
import type { PageKind } from '../../utils/settings';
import { type CreditEvent, createEmptySnapshot, type Snapshot } from '../../utils/snapshot/types';
import { deriveBarFeed, deriveBarView } from '../../utils/view/bar-view';
import { Bar, type BarProps } from './Bar';

const NOW = Date.UTC(2026, 10, 23, 22, 30);
const event = (id: number, operation: string, credits: number, patch: Partial<CreditEvent> = {}) =>
  createCreditEvent(id, operation, credits, NOW - 60_000, patch);
const data = createLoadedSnapshot(
  NOW,
  { total: 12345, byOperation: { market_cap_refresh: 12 }, fetchedAt: NOW },
  {
    recentAnalyses: { times: [NOW - 1000, NOW - 2000, Date.UTC(2026, 10, 22, 23)], fetchedAt: NOW },
    latest: createLatest(NOW - 600_000, NOW),
    events: Array.from({ length: 8 }, (_, i) => event(20 - i, `op${i}`, i + 1)),
  },
);
const loaded = data;

const container = createRenderTarget();

interface Shown extends Omit<BarProps, 'view'> {
  snapshot: Snapshot;
  page: PageKind;
  budget: number | null;
  locale?: string;
}

/** Renders the bar's view of `snapshot`, fed as the background feeds it. */
function show(patch: Partial<Shown> = {}) {
  const props: Shown = {
    snapshot: loaded,
    page: 'tokens',
    budget: null,
    collapsed: false,
    onRefresh: vi.fn(),
    onCollapsedChange: vi.fn(),
    ...patch,
  };
  const { snapshot, page, budget, locale, ...rest } = props;
  const settings = { pollSeconds: 30, budget };
  const view = deriveBarView(deriveBarFeed(snapshot, settings, NOW, locale), settings, NOW, page);
  act(() => render(<Bar view={view} {...rest} />, container()));
  return props;
}
const q = (selector: string) => container().querySelector<HTMLElement>(selector);
const figure = (label: string) =>
  [...container().querySelectorAll('.lcb-item')].find(
    (el) => el.querySelector('.lcb-label')?.textContent === `${label}:`,
  );

describe('Bar', () => {
  it('shows the figures with grouping and the latest analysis', () => {
    show();
    expect(figure('API Credits Used Today')?.querySelector('.lcb-value')?.textContent).toBe('12,345');
    expect(figure('Tokens Scanned Today')?.querySelector('.lcb-value')?.textContent).toBe('2');
    expect(q('.lcb-name')?.textContent).toBe('Bonk Ultra');
    expect(figure('Tokens Scanned Today')?.getAttribute('title')).toMatch(
      /credit day, from midnight server time/,
    );
    // The app's own bar says "Tokens Scanned" for all time; ours says which day, shorter where narrow.
    expect(figure('Tokens Scanned Today')?.querySelector<HTMLElement>('.lcb-label')?.dataset.short).toBe(
      'Scanned Today',
    );
    expect(figure('API Credits Used Today')?.getAttribute('title')).toMatch(
      /credit day.*\nNo credit transactions seen yet/s,
    );
  });

  it('shows usage against the budget and the burn rate the background wrote', () => {
    const withUsage: Snapshot = {
      ...data,
      usage: {
        hours: [],
        minutes: [
          [NOW - 50 * 60_000, 100],
          [NOW - 30 * 60_000, 150],
          [NOW - 10 * 60_000, 100],
        ],
        since: 0,
        lastId: 20,
      },
    };
    show({ snapshot: withUsage, budget: 20_000, locale: 'en-US' });
    const credits = figure('API Credits Used Today');
    expect(credits?.querySelector('.lcb-value')?.textContent).toBe('12,345 / 20,000');
    expect(credits?.getAttribute('title')).toContain('~350 cr/h · on pace for 13,000 today');
    expect(credits?.getAttribute('title')).toContain('61 % of the daily budget of 20,000 cr.');
  });

  it.each<[string, Partial<Snapshot>, string, boolean]>([
    ['loading', createEmptySnapshot(), 'Loading…', false],
    ['polling', {}, 'Polling', false],
    ['live', { socket: 'connected' }, 'Live', false],
    ['stale', { updatedAt: NOW - 300_000 }, 'Updated 5 min ago', true],
    [
      'offline',
      {
        errors: [{ kind: 'offline', endpoint: '/x', message: 'm', at: NOW }],
        failures: 2,
        nextAttemptAt: NOW + 20_000,
      },
      'Back end unreachable',
      true,
    ],
    [
      'rate-limited',
      {
        errors: [{ kind: 'rate-limited', endpoint: '/x', message: 'm', at: NOW }],
        failures: 1,
        nextAttemptAt: NOW + 60_000,
      },
      'Rate-limited',
      true,
    ],
    [
      'error',
      {
        errors: [{ kind: 'bad-data', endpoint: '/x', message: 'Unexpected', at: NOW }],
        failures: 1,
        nextAttemptAt: NOW + 5_000,
      },
      'Unexpected data',
      true,
    ],
    [
      'partial',
      { errors: [{ kind: 'server', endpoint: '/api/tokens/history', message: 'm', at: NOW }] },
      'Partly updated',
      false,
    ],
  ])('status %s', (kind, patch, label, stale) => {
    show({ snapshot: { ...loaded, ...patch } });
    expect(q('.lcb-status-text')?.textContent).toBe(label);
    expect(q('.lcb-dot')?.className).toContain(`lcb-dot-${kind}`);
    if (kind !== 'loading') {
      expect(figure('API Credits Used Today')?.classList.contains('lcb-stale')).toBe(stale);
      expect(
        figure('API Credits Used Today')?.querySelector('.lcb-value')?.textContent,
        'old data stays visible',
      ).toBe('12,345');
    }
  });

  it('says when it retries and what to do without hovering, with a short form for a narrow bar', () => {
    show({
      snapshot: {
        ...loaded,
        errors: [
          { kind: 'not-found', status: 404, endpoint: '/api/stats/credits/today', message: 'm', at: NOW },
        ],
        failures: 2,
        nextAttemptAt: NOW + 20_000,
      },
    });
    expect(q('.lcb-status-text')?.textContent).toBe('Wrong API URL?');
    const next = q('.lcb-next');
    expect(next?.textContent).toBe('Retrying in 20 s. Check the API URL in Options.');
    expect(next?.dataset.short).toBe('retry in 20 s · check the API URL');
    // Healthy again: nothing beside the label.
    show();
    expect(q('.lcb-next')).toBeNull();
  });

  it('a running fetch pulses the dot and disables Refresh, without changing the label', () => {
    show({ snapshot: { ...loaded, socket: 'connected' } });
    expect(q('.lcb-status-text')?.textContent).toBe('Live');
    expect(q('.lcb-dot')?.classList.contains('lcb-dot-busy')).toBe(false);
    expect((q('button[aria-label="Refresh"]') as HTMLButtonElement | null)?.disabled).toBe(false);
    show({ snapshot: { ...loaded, socket: 'connected', updating: NOW - 100 } });
    expect(q('.lcb-status-text')?.textContent).toBe('Live');
    expect(q('.lcb-dot')?.className).toBe('lcb-dot lcb-dot-live lcb-dot-busy');
    expect((q('button[aria-label="Refresh"]') as HTMLButtonElement | null)?.disabled).toBe(true);
    expect(q('.lcb-status')?.getAttribute('title')).toMatch(/Updating…$/);
  });

  it('renders hostile names as text', () => {
    const name = '<img src=x onerror="window.__pwned=1">';
    const latest = {
      tokenId: 1,
      at: NOW,
      walletsFound: 1,
      credits: 1,
      fetchedAt: NOW,
      name,
      rawName: `\u202E${name}`,
    };
    show({ snapshot: { ...loaded, latest } });
    expect(q('.lcb-name')?.textContent).toBe(name);
    expect(q('.lcb-name')?.getAttribute('title')).toBe(`\u202E${name}`);
    expect(container().querySelector('img')).toBeNull();
  });

  it('shows the last ingest runs on the Ingestion page only', () => {
    const snapshot = {
      ...loaded,
      ingest: {
        ingestAt: NOW - 60_000,
        enrichAt: null,
        enrichCredits: null,
        hotRefreshAt: null,
        fetchedAt: NOW,
      },
    };
    show({ snapshot });
    expect(figure('Last ingest')).toBeUndefined();
    show({ snapshot, page: 'ingestion' });
    expect(figure('Last ingest')).toBeDefined();
  });

  it('dates ingest runs that are not from today, with the full date in the tooltip', () => {
    // The background words the times when the snapshot changes.
    const run = (ingestAt: number, enrichAt: number | null = null): Snapshot => ({
      ...data,
      ingest: {
        ingestAt,
        enrichAt,
        enrichCredits: enrichAt === null ? null : 40,
        hotRefreshAt: null,
        fetchedAt: NOW,
      },
    });
    const value = () => figure('Last ingest')?.querySelector('.lcb-value');
    const clock = (ms: number) =>
      new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

    const today = NOW - 60_000;
    show({ snapshot: run(today), page: 'ingestion' });
    expect(value()?.textContent).toBe(clock(today));

    const yesterday = NOW - 24 * 3_600_000;
    show({ snapshot: run(yesterday, yesterday), page: 'ingestion' });
    expect(value()?.textContent).toBe(`yesterday ${clock(yesterday)}`);
    expect(figure('Last ingest')?.querySelector('.lcb-muted')?.textContent).toBe(
      `enrich yesterday ${clock(yesterday)} (40 cr)`,
    );

    const nineDaysAgo = NOW - 9 * 24 * 3_600_000;
    show({ snapshot: run(nineDaysAgo), page: 'ingestion' });
    expect(value()?.textContent).not.toContain(clock(nineDaysAgo));
    expect(value()?.textContent).toMatch(/Nov 14/);
    expect(value()?.getAttribute('title')).toMatch(/November 14, 2026.* · 9 days ago$/);
  });

  it('Refresh and collapse call back; the pill expands', () => {
    const props = show();
    act(() => q('button[aria-label="Refresh"]')?.click());
    expect(props.onRefresh).toHaveBeenCalledOnce();
    act(() => q('button[aria-label="Collapse the credits bar"]')?.click());
    expect(props.onCollapsedChange).toHaveBeenCalledWith(true);
    const collapsed = show({ collapsed: true });
    expect(q('.lcb-bar')).toBeNull();
    expect(q('.lcb-pill')?.textContent).toContain('12,345 cr');
    act(() => q('.lcb-pill')?.click());
    expect(collapsed.onCollapsedChange).toHaveBeenCalledWith(false);
  });
});

describe('partly updated', () => {
  it.each([
    ['/api/stats/credits/today', { credits: true, scanned: false, latest: false }],
    ['/api/tokens/history', { credits: false, scanned: true, latest: true }],
    ['/api/stats/credits/transactions', { credits: false, scanned: false, latest: false }],
  ])('a failing %s marks only its own figures stale', (endpoint, expected) => {
    const errors = [{ kind: 'server' as const, status: 500, endpoint, message: 'm', at: NOW }];
    show({ snapshot: { ...loaded, errors } });
    expect(q('.lcb-status-text')?.textContent).toBe('Partly updated');
    expect({
      credits: figure('API Credits Used Today')?.classList.contains('lcb-stale'),
      scanned: figure('Tokens Scanned Today')?.classList.contains('lcb-stale'),
      latest: q('.lcb-latest')?.classList.contains('lcb-stale'),
    }).toEqual(expected);
  });
});

describe('Recent Credits popover', () => {
  const button = () => q('button[aria-haspopup="dialog"]') as HTMLButtonElement;

  it('opens with the last five events, closes with Escape and gives focus back', () => {
    show();
    expect(button().getAttribute('aria-expanded')).toBe('false');
    act(() => button().click());
    expect(button().getAttribute('aria-expanded')).toBe('true');
    const items = [...container().querySelectorAll('.lcb-event')].map((li) => li.textContent);
    expect(items).toHaveLength(5);
    expect(items[0]).toMatch(/^op0: 1 cr @ \d{1,2}:\d{2}/);
    const panel = q('#lcb-recent-panel');
    expect(panel?.getAttribute('role')).toBe('dialog');
    act(() => {
      panel?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(q('#lcb-recent-panel')).toBeNull();
    expect(document.activeElement).toBe(button());
  });

  it('Escape on the button closes it too', () => {
    show();
    act(() => button().click());
    act(() => {
      button().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(q('#lcb-recent-panel')).toBeNull();
  });

  it('a click outside closes it; a click inside does not', () => {
    show();
    act(() => button().click());
    act(() => {
      q('#lcb-recent-panel')?.dispatchEvent(
        new PointerEvent('pointerdown', { bubbles: true, composed: true }),
      );
    });
    expect(q('#lcb-recent-panel')).not.toBeNull();
    act(() => {
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    });
    expect(q('#lcb-recent-panel')).toBeNull();
  });

  it('shows analyses as such and says when there is nothing yet', () => {
    show({ snapshot: { ...data, events: [event(5, 'token_analysis', 205, { analysis: true })] } });
    act(() => button().click());
    expect(q('.lcb-event')?.textContent).toMatch(/^Analysis finished: 205 cr @/);
    show({ snapshot: { ...data, events: [] } });
    expect(q('.lcb-empty')?.textContent).toBe('No credit events seen yet.');
  });

  it('leaves 0-credit runs out of Recent Credits', () => {
    const events = [
      event(30, 'position_check', 0, { count: 12 }),
      event(20, 'market_cap_refresh', 12),
      event(18, 'position_check', 0, { count: 3 }),
      event(15, 'wallet_balance', 20, { count: 20 }),
    ];
    show({ snapshot: { ...data, events } });
    act(() => button().click());
    const listed = [...container().querySelectorAll('.lcb-event')].map((li) => li.textContent);
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatch(/^market_cap_refresh: 12 cr @/);
    expect(listed[1]).toMatch(/^wallet_balance ×20: 20 cr @/);
  });
});
