// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DOCKING_ATTRIBUTE,
  type DockOptions,
  dockBar,
  EXPECTED_WAIT_MS,
  findAppStatusBar,
  PLACE_WAIT_MS,
  UNMOUNT_GRACE_MS,
} from './app-page';

/**
 * A ResizeObserver the test drives: like the real one it reports an element's size soon after
 * `observe`, and again on each `resize(element, height)`.
 */
class FakeResizeObserver {
  static all: FakeResizeObserver[] = [];
  static heights = new Map<Element, number>();
  targets = new Set<Element>();
  constructor(private readonly callback: ResizeObserverCallback) {
    FakeResizeObserver.all.push(this);
  }
  observe(target: Element) {
    this.targets.add(target);
    setTimeout(() => this.notify(target), 0);
  }
  unobserve(target: Element) {
    this.targets.delete(target);
  }
  disconnect() {
    this.targets.clear();
  }
  notify(target: Element) {
    if (!this.targets.has(target)) return;
    const height = FakeResizeObserver.heights.get(target) ?? 0;
    const entry = { target, borderBoxSize: [{ blockSize: height }], contentRect: { height } };
    this.callback([entry as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  static resize(target: Element, height: number) {
    FakeResizeObserver.heights.set(target, height);
    for (const observer of FakeResizeObserver.all) observer.notify(target);
  }
}

/** The app's own bar as the contract describes it (§8): no ids, found by classes and text. */
function mountAppBar(height: number): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'fixed bottom-0 left-0 right-0 border-t';
  bar.textContent = 'Tokens Scanned: 12';
  document.body.append(bar);
  FakeResizeObserver.resize(bar, height);
  return bar;
}

let host: HTMLElement;
/** Every (bottom, visible) the host went through, in order. */
let positions: string[];
let undock: (() => void) | null;

function dock(options: DockOptions) {
  const reported: number[] = [];
  undock = dockBar(host, document, () => 32, { ...options, onAppBarHeight: (h) => reported.push(h) });
  return reported;
}

/** Where the bar is and whether it shows, as one string. */
const where = () => `${host.style.bottom || '0px'}${host.hasAttribute(DOCKING_ATTRIBUTE) ? ' hidden' : ''}`;

/** Moves the clock on in small steps so frames and timers run in order, noting each position. */
async function advance(ms: number) {
  for (let left = ms; left > 0; left -= 10) {
    await vi.advanceTimersByTimeAsync(Math.min(10, left));
    const now = where();
    if (positions.at(-1) !== now) positions.push(now);
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeResizeObserver.all = [];
  FakeResizeObserver.heights.clear();
  vi.stubGlobal('ResizeObserver', FakeResizeObserver);
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => setTimeout(() => cb(0), 16));
  vi.stubGlobal('cancelAnimationFrame', (id: number) => clearTimeout(id));
  document.body.replaceChildren();
  const main = document.createElement('main');
  main.dataset.slot = 'sidebar-inset';
  host = document.createElement('meridinate-live-credits-bar');
  document.body.append(main, host);
  positions = [];
  undock = null;
});

afterEach(() => {
  undock?.();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('dockBar: where the bar first shows', () => {
  it('nothing remembered, the app bar mounts: hidden until measured, then shown on top of it', async () => {
    const reported = dock({ expected: null });
    positions.push(where());
    await advance(200);
    mountAppBar(30);
    await advance(100);
    expect(positions).toEqual(['0px hidden', '30px']);
    expect(reported).toEqual([30]);
  });

  it('nothing remembered, no app bar: shown at the bottom after the wait, and remembered as 0', async () => {
    const reported = dock({ expected: null });
    positions.push(where());
    await advance(PLACE_WAIT_MS + 100);
    expect(positions).toEqual(['0px hidden', '0px']);
    expect(reported).toEqual([0]);
  });

  it('remembered height: shown there at once; the app bar mounting under it moves nothing', async () => {
    const reported = dock({ expected: 30 });
    positions.push(where());
    await advance(2000);
    mountAppBar(30);
    await advance(500);
    expect(positions).toEqual(['30px']);
    expect(reported).toEqual([]);
  });

  it('remembered height but no app bar any more: waits, then goes down once and forgets it', async () => {
    const reported = dock({ expected: 30 });
    positions.push(where());
    await advance(EXPECTED_WAIT_MS + 500);
    expect(positions).toEqual(['30px', '0px']);
    expect(reported).toEqual([0]);
  });

  it('remembered none, the app bar appears: moves up once and remembers it', async () => {
    const reported = dock({ expected: 0 });
    positions.push(where());
    await advance(300);
    mountAppBar(48);
    await advance(100);
    expect(positions).toEqual(['0px', '48px']);
    expect(reported).toEqual([48]);
  });
});

describe('dockBar: following the app bar', () => {
  it('a brief unmount (a refetch) does not move the bar; a lasting one does', async () => {
    dock({ expected: 30 });
    const appBar = mountAppBar(30);
    await advance(EXPECTED_WAIT_MS + 100);
    appBar.remove();
    await advance(UNMOUNT_GRACE_MS - 200);
    document.body.append(appBar);
    FakeResizeObserver.resize(appBar, 30);
    await advance(500);
    expect(positions).toEqual(['30px']);
    appBar.remove();
    await advance(UNMOUNT_GRACE_MS + 100);
    expect(positions).toEqual(['30px', '0px']);
  });

  it('follows a change of the app bar height', async () => {
    const reported = dock({ expected: 30 });
    const appBar = mountAppBar(30);
    await advance(100);
    FakeResizeObserver.resize(appBar, 45);
    await advance(100);
    expect(host.style.bottom).toBe('45px');
    expect(reported).toEqual([45]);
  });

  it('pads the scroll container and restores everything when undocked', async () => {
    dock({ expected: null });
    mountAppBar(30);
    await advance(100);
    const main = document.querySelector('main') as HTMLElement;
    expect(main.style.paddingBottom).toBe('62px');
    undock?.();
    undock = null;
    expect(main.style.paddingBottom).toBe('');
    expect(host.hasAttribute(DOCKING_ATTRIBUTE)).toBe(false);
  });

  it('undocked while still hidden: no timer shows it later', async () => {
    const reported = dock({ expected: null });
    undock?.();
    undock = null;
    await advance(PLACE_WAIT_MS + 100);
    expect(reported).toEqual([]);
  });
});

// The app's own bottom bar is found by its classes and its "Tokens Scanned" item (the contract §8):
// OLD's and HEAD's (same classes, more items), and nothing else fixed at the bottom.
const BAR_CLASSES = 'bg-card/95 fixed right-0 bottom-0 left-0 z-50 border-t backdrop-blur-sm';

/** A bar with the app's markup: label and value per item, then any buttons. */
function appBar(items: [string, string][], buttons: string[] = [], classes = BAR_CLASSES): HTMLElement {
  const root = document.createElement('div');
  root.className = classes;
  const row = document.createElement('div');
  row.className = 'container mx-auto flex items-center justify-between px-4 py-2';
  for (const [label, value] of items) {
    const item = document.createElement('div');
    const l = document.createElement('span');
    l.textContent = label;
    const v = document.createElement('span');
    v.textContent = value;
    item.append(l, v);
    row.append(item);
  }
  for (const text of buttons) {
    const button = document.createElement('button');
    button.textContent = text;
    row.append(button);
  }
  root.append(row);
  document.body.append(root);
  return root;
}

describe('findAppStatusBar', () => {
  it('finds OLD’s bar', () => {
    const bar = appBar([
      ['Tokens Scanned:', '59'],
      ['API Credits Used Today:', '1753'],
    ]);
    expect(findAppStatusBar(document)).toBe(bar);
  });

  it('finds HEAD’s bar, with its Scanned Today item and Refresh button', () => {
    const bar = appBar(
      [
        ['Tokens Scanned:', '59'],
        ['Scanned Today:', '8'],
        ['API Credits Today:', '1,753'],
        ['Latest:', 'Bonk Ultra'],
      ],
      ['Refresh'],
    );
    expect(findAppStatusBar(document)).toBe(bar);
  });

  it('finds neither HEAD’s header status row nor another bar fixed at the bottom', () => {
    appBar([['Next Auto-Scan', '12:34']], ['Run Now'], 'flex h-12 items-center px-4 bg-muted/30');
    appBar([['Scanned Today:', '8']], ['Accept cookies']);
    expect(findAppStatusBar(document)).toBeNull();
  });
});
