// @vitest-environment happy-dom
// Every state the popup can be in, as a person sees it: what it says, what is greyed, what to do.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import {
  createCapabilities,
  createCreditEvent,
  createLatest,
  createLoadedSnapshot,
  createRenderTarget,
  MIN,
} from '../../tests/unit/fixtures';
import type { ErrorKind } from '../../utils/meridinate/domain';
import type { MovedPagesFinding } from '../../utils/moved-pages';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings';
import {
  type CreditEvent,
  createEmptySnapshot,
  type FetchError,
  type Snapshot,
} from '../../utils/snapshot/types';
import { derivePopupView } from '../../utils/view/popup-view';
import { Popup, type PopupProps } from './Popup';

const NOW = Date.UTC(2026, 11, 6, 14, 30);
const event = (id: number, operation: string, credits: number, patch: Partial<CreditEvent> = {}) =>
  createCreditEvent(id, operation, credits, NOW - id * MIN, patch);
const loaded = createLoadedSnapshot(
  NOW,
  { total: 1284, byOperation: { market_cap_refresh: 840, wallet_balance: 444 } },
  {
    recentAnalyses: { times: [NOW - 10 * MIN, NOW - 20 * MIN], fetchedAt: NOW - 5_000 },
    latest: createLatest(NOW - 10 * MIN, NOW - 5_000),
    events: [
      event(1, 'position_check', 0, { count: 12 }),
      event(2, 'market_cap_refresh', 12),
      event(3, 'token_analysis', 205, { analysis: true }),
    ],
    capabilities: createCapabilities(NOW - 60 * MIN),
  },
);
const failed = (kind: ErrorKind, patch: Partial<FetchError> = {}): Partial<Snapshot> => ({
  errors: [
    { kind, endpoint: '/api/stats/credits/today', message: `The ${kind} message.`, at: NOW, ...patch },
  ],
  failures: 2,
  nextAttemptAt: NOW + 20_000,
  updatedAt: NOW - 3 * MIN,
});

const container = createRenderTarget();

interface Shown extends Omit<PopupProps, 'view'> {
  snapshot: Snapshot;
  now: number;
  movedPages?: MovedPagesFinding | null;
}

/** Renders the popup's view of `snapshot` at `now`. */
function show(patch: Partial<Shown> = {}) {
  const props: Shown = {
    snapshot: loaded,
    settings: DEFAULT_SETTINGS,
    now: NOW,
    onRefresh: vi.fn(),
    onSettingsChange: vi.fn(),
    onOpenPage: vi.fn(),
    onOpenOptions: vi.fn(),
    locale: 'en-US',
    ...patch,
  };
  const { snapshot, now, movedPages, ...rest } = props;
  const view = derivePopupView(snapshot, props.settings, now, props.locale, movedPages);
  act(() => render(<Popup view={view} {...rest} />, container()));
  return props;
}
const q = (selector: string) => container().querySelector<HTMLElement>(selector);
const text = (selector: string) => q(selector)?.textContent ?? null;

/** HEAD's answer to the default routes: Tokens redirects to Bot Tracker, Ingestion is a 404. */
const movedPages: MovedPagesFinding = {
  probedAt: NOW - 60 * MIN,
  origin: 'http://localhost:3000',
  routes: DEFAULT_SETTINGS.routes,
  tokens: 'moved',
  ingestion: 'gone',
};

describe('Popup states', () => {
  it.each<[string, Partial<Snapshot>, string, RegExp, boolean]>([
    [
      'live',
      { socket: 'connected' },
      'Live',
      /^Updated just now\. Live updates from the app, checked every 30 s\.$/,
      false,
    ],
    ['polling', {}, 'Polling', /^Updated just now\. Checking every 30 s\.$/, false],
    ['stale', { updatedAt: NOW - 10 * MIN }, 'Updated 10 min ago', /^Updated 10 min ago\./, true],
    [
      'unreachable',
      failed('offline'),
      'Back end unreachable',
      /^Updated 3 min ago\. Retrying in 20 s\.$/,
      true,
    ],
    ['not answering', failed('timeout'), 'Back end not answering', /Retrying in 20 s\./, true],
    [
      'server error',
      failed('server', { status: 500 }),
      'Back end error',
      /^The server message\. Updated 3 min ago\. Retrying in 20 s\.$/,
      true,
    ],
    [
      'unexpected data',
      failed('bad-data'),
      'Unexpected data',
      /^The bad-data message\. .*Retrying in 20 s\.$/,
      true,
    ],
    [
      'wrong API URL',
      failed('not-found', { status: 404 }),
      'Wrong API URL?',
      /Retrying in 20 s\. Check the API URL in Options\.$/,
      true,
    ],
    [
      'rate-limited',
      { ...failed('rate-limited', { status: 429 }), nextAttemptAt: NOW + 60_000 },
      'Rate-limited',
      /^The back end’s rate limit was reached; asking less often\. Updated 3 min ago\. Retrying in 1 min\.$/,
      true,
    ],
    [
      'paused by the hourly request budget',
      { paused: [{ endpoint: '/api/stats/credits/today', until: NOW + 20 * MIN }] },
      'Paused',
      /^Request limit reached, resumes \d{1,2}:\d{2}( [AP]M)?\. Updated just now\.$/,
      false,
    ],
    [
      'day start unsure (a DST change not seen)',
      {
        credits: {
          ...(loaded.credits as NonNullable<Snapshot['credits']>),
          dayStartUnknown: true,
          dayOffsetAt: NOW - 60_000,
        },
      },
      'Day start unsure',
      /^Tokens Scanned Today may be off by an hour: .* Exact once measured, or from tomorrow\. Updated just now\.$/,
      false,
    ],
    [
      'day start unsure (the server offset not measured yet)',
      {
        credits: {
          ...(loaded.credits as NonNullable<Snapshot['credits']>),
          dayStartUnknown: true,
          dayOffsetAt: null,
        },
      },
      'Day start unsure',
      /^Tokens Scanned Today may be off by an hour: .* not measured yet\)\. Exact once measured, or from tomorrow\. Updated just now\.$/,
      false,
    ],
    [
      'partly updated',
      { errors: [{ kind: 'server', endpoint: '/api/tokens/history', message: 'm', at: NOW }] },
      'Partly updated',
      /\/api\/tokens\/history/,
      false,
    ],
  ])('%s', (kind, patch, label, detail, stale) => {
    show({ snapshot: { ...loaded, ...patch } });
    expect(text('.popup-status strong')).toBe(label);
    expect(text('.popup-status p')).toMatch(detail);
    expect(q('.popup-dot')?.className).toMatch(/popup-dot-[a-z-]+/);
    // The figures stay on screen in every state; greyed when old.
    expect(text('[data-testid="popup-credits"]')).toBe('1,284');
    expect(text('[data-testid="popup-scanned"]')).toBe('2');
    expect(q('.popup-figures')?.classList.contains('popup-stale')).toBe(stale);
    expect(kind).toBeTruthy();
  });

  it('first run: says it is fetching, with dashes and no rate instead of zeros', () => {
    show({ snapshot: createEmptySnapshot() });
    expect(text('.popup-status strong')).toBe('Loading…');
    expect(text('.popup-status p')).toBe('Fetching today’s figures from Meridinate.');
    expect(text('[data-testid="popup-credits"]')).toBe('—');
    expect(text('[data-testid="popup-scanned"]')).toBe('—');
    expect(container().textContent).toContain('No analysis yet');
    expect(container().textContent).toContain('Waiting for data…');
    expect(q('[data-testid="popup-burn"]')).toBeNull();
    expect(q('[data-testid="moved-pages"]')).toBeNull();
  });

  it('first run with the back end down: says so, and what to check', () => {
    show({ snapshot: { ...createEmptySnapshot(), ...failed('offline'), updatedAt: null } });
    expect(text('.popup-status strong')).toBe('Back end unreachable');
    expect(text('.popup-status p')).toBe(
      'No data yet. Retrying in 20 s. Is Meridinate running? Check the API URL in Options.',
    );
  });

  it('a running refresh pulses the dot and disables Refresh, the label stays', () => {
    show({ snapshot: { ...loaded, updating: NOW - 1_000 } });
    expect(text('.popup-status strong')).toBe('Polling');
    expect(q('.popup-dot')?.classList.contains('popup-dot-busy')).toBe(true);
    expect((q('.popup-header button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('dates the latest analysis when it is not from today', () => {
    const at = Date.UTC(2026, 11, 5, 23, 10);
    show({ snapshot: { ...loaded, latest: { ...(loaded.latest as NonNullable<Snapshot['latest']>), at } } });
    const clock = new Date(at).toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' });
    const local = new Date(at).getDate() === new Date(NOW).getDate() ? clock : `yesterday ${clock}`;
    expect(text('.popup-when')).toBe(`· ${local}`);
    expect(q('.popup-when')?.getAttribute('title')).toMatch(/December [56], 2026/);
  });

  it('lists every event, 0-credit runs folded and muted', () => {
    show();
    const items = [...container().querySelectorAll('[data-testid="popup-events"] li')];
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^position_check ×12: 0 cr @ /),
      expect.stringMatching(/^market_cap_refresh: 12 cr @ /),
      expect.stringMatching(/^Analysis finished: 205 cr @ /),
    ]);
    expect(items[0]?.className).toBe('popup-event-zero');
    expect(items[2]?.className).toBe('popup-event-analysis');
  });

  it('overlay off: the switch is off, the page switches wait, and it says what that means', () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, enabled: false };
    const props = show({ settings });
    const [all, ...pages] = [...container().querySelectorAll<HTMLInputElement>('.popup-switches input')];
    expect(all?.checked).toBe(false);
    expect(pages.every((input) => input.disabled)).toBe(true);
    expect(text('[data-testid="popup-overlay-off"]')).toBe(
      "The bar is off: the app's pages show none until you turn it on here.",
    );
    act(() => all?.click());
    expect(props.onSettingsChange).toHaveBeenCalledWith({ ...settings, enabled: true });
    show();
    expect(q('[data-testid="popup-overlay-off"]')).toBeNull();
  });

  it('HEAD with moved pages: offers Bot Tracker in one click', () => {
    const head: Snapshot = {
      ...loaded,
      capabilities: { ...(loaded.capabilities as NonNullable<Snapshot['capabilities']>), tokensLatest: true },
    };
    const props = show({ snapshot: head, movedPages });
    expect(text('[data-testid="moved-pages"] p')).toBe(
      'This Meridinate version moved its pages: show the bar on Bot Tracker instead? Its Ingestion page is gone, so the bar there is turned off.',
    );
    act(() => q('[data-testid="moved-pages"] button')?.click());
    expect(props.onSettingsChange).toHaveBeenCalledWith({
      ...DEFAULT_SETTINGS,
      routes: { tokens: '/dashboard/bot-tracker', ingestion: '/dashboard/ingestion' },
      pages: { tokens: true, ingestion: false },
    });
    // Accepted (the routes are Bot Tracker's now), on OLD, or nothing found: no offer.
    show({
      snapshot: head,
      movedPages,
      settings: {
        ...DEFAULT_SETTINGS,
        routes: { tokens: '/dashboard/bot-tracker', ingestion: '/dashboard/ingestion' },
      },
    });
    expect(q('[data-testid="moved-pages"]')).toBeNull();
    show({ movedPages });
    expect(q('[data-testid="moved-pages"]')).toBeNull();
  });

  it('the app has no Ingestion page (a 404 at its route): no link to open it', () => {
    const links = () => Array.from(document.querySelectorAll('.popup-footer button'), (b) => b.textContent);
    show();
    expect(links()).toEqual(['Open Tokens', 'Open Ingestion', 'Options']);
    show({ movedPages });
    expect(links()).toEqual(['Open Tokens', 'Options']);
  });

  it('too early in the day to project: the pace without a projection', () => {
    // 00:34 of the credit day, after a busy hour that began yesterday.
    const at0034 = Date.UTC(2026, 11, 6, 0, 34);
    const usage = {
      hours: [],
      minutes: Array.from({ length: 60 }, (_, i): [number, number] => [at0034 - (60 - i) * MIN, 30]),
      since: 0,
      lastId: 10,
    };
    show({ snapshot: { ...loaded, usage, updatedAt: at0034 - 5_000 }, now: at0034 });
    expect(text('[data-testid="popup-burn"]')).toBe('~1,800 cr/h · too early to project');
  });
});
