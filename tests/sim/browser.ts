/**
 * The parts of the browser WXT's fake does not implement, stubbed just enough for the background:
 * ports (runtime.onConnect), commands, permissions, scripting; storage that copies values the way
 * real storage does (so nothing the worker keeps in memory survives its restart by aliasing).
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';

type Listener = (...args: never[]) => unknown;

/** A browser event with a way to fire it and to drop every listener (a stopped worker's). */
export interface SimEvent {
  addListener(listener: Listener): void;
  removeListener(listener: Listener): void;
  hasListener(listener: Listener): boolean;
  hasListeners(): boolean;
  fire(...args: unknown[]): void;
  clear(): void;
}

export function createEvent(onError: (error: unknown) => void): SimEvent {
  let listeners: Listener[] = [];
  return {
    addListener: (l) => {
      listeners.push(l);
    },
    removeListener: (l) => {
      listeners = listeners.filter((x) => x !== l);
    },
    hasListener: (l) => listeners.includes(l),
    hasListeners: () => listeners.length > 0,
    fire: (...args) => {
      for (const l of [...listeners]) {
        try {
          const result = (l as (...a: unknown[]) => unknown)(...args);
          if (result && typeof (result as Promise<unknown>).then === 'function') {
            (result as Promise<unknown>).then(undefined, onError);
          }
        } catch (error) {
          onError(error);
        }
      }
    },
    clear: () => {
      listeners = [];
    },
  };
}

export interface PortSenderInfo {
  id: string;
  url: string;
  tab?: { id: number };
}

/** One end of a runtime port; messages cross asynchronously and are copied, as in a browser. */
export class SimPort {
  other!: SimPort;
  connected = true;
  readonly onMessage: SimEvent;
  readonly onDisconnect: SimEvent;
  constructor(
    readonly name: string,
    readonly sender: PortSenderInfo | undefined,
    onError: (error: unknown) => void,
  ) {
    this.onMessage = createEvent(onError);
    this.onDisconnect = createEvent(onError);
  }

  postMessage(message: unknown): void {
    if (!this.connected) throw new Error('Attempting to use a disconnected port object');
    const other = this.other;
    const copy = structuredClone(message);
    queueMicrotask(() => {
      if (other.connected) other.onMessage.fire(copy, other);
    });
  }

  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    const other = this.other;
    other.connected = false;
    // Only the other end hears of it, as in a browser.
    queueMicrotask(() => other.onDisconnect.fire(other));
  }
}

export function createPortPair(
  name: string,
  sender: PortSenderInfo,
  onError: (error: unknown) => void,
): { view: SimPort; background: SimPort } {
  const view = new SimPort(name, undefined, onError);
  const background = new SimPort(name, sender, onError);
  view.other = background;
  background.other = view;
  return { view, background };
}

/** The events a running worker registers listeners on: cleared when it stops. */
export interface BrowserEvents {
  onConnect: SimEvent;
  onCommand: SimEvent;
  permissionsAdded: SimEvent;
  permissionsRemoved: SimEvent;
}

/**
 * Fills the fake browser's gaps and returns the events the harness fires. `onSnapshot` sees
 * every write of the stored snapshot, synchronously, with a copy of the value.
 */
export function installBrowser(
  onError: (error: unknown) => void,
  onLocalWrite: (items: Record<string, unknown>) => void,
): BrowserEvents {
  const b = fakeBrowser as unknown as Record<string, Record<string, unknown>> & {
    runtime: Record<string, unknown>;
  };
  const events: BrowserEvents = {
    onConnect: createEvent(onError),
    onCommand: createEvent(onError),
    permissionsAdded: createEvent(onError),
    permissionsRemoved: createEvent(onError),
  };
  b.runtime.onConnect = events.onConnect;
  b.commands = { onCommand: events.onCommand, getAll: async () => [] };
  b.permissions = {
    contains: async () => true,
    getAll: async () => ({
      origins: ['http://localhost:5003/*', 'http://localhost:3000/*'],
      permissions: [],
    }),
    request: async () => true,
    remove: async () => true,
    onAdded: events.permissionsAdded,
    onRemoved: events.permissionsRemoved,
  };
  b.scripting = {
    getRegisteredContentScripts: async () => [],
    registerContentScripts: async () => undefined,
    unregisterContentScripts: async () => undefined,
    executeScript: async () => [],
  };
  // The fake stores a JSON copy of every value (nothing is shared with the worker's memory);
  // the checks see each local write as it is made.
  const local = fakeBrowser.storage.local as unknown as {
    set: (items: Record<string, unknown>) => Promise<void>;
  };
  const set = local.set.bind(local);
  local.set = (items: Record<string, unknown>) => {
    onLocalWrite(items);
    return set(items);
  };
  return events;
}

/** Drops every listener a stopped worker had (storage is kept). */
export function dropWorkerListeners(events: BrowserEvents): void {
  events.onConnect.clear();
  events.onCommand.clear();
  events.permissionsAdded.clear();
  events.permissionsRemoved.clear();
  const f = fakeBrowser;
  f.alarms.onAlarm.removeAllListeners?.();
  (f.runtime.onInstalled as unknown as { removeAllListeners(): void }).removeAllListeners();
  (f.runtime.onStartup as unknown as { removeAllListeners(): void }).removeAllListeners();
  (f.storage.onChanged as unknown as { removeAllListeners(): void }).removeAllListeners();
  for (const area of ['local', 'sync', 'session'] as const) {
    (f.storage[area].onChanged as unknown as { removeAllListeners(): void }).removeAllListeners();
  }
}
