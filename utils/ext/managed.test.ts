import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS } from '../settings';
import { getManagedPolicy, registerBarSettings, settingsStorage } from './managed';
import {
  barSettingsStorage,
  managedAnsweredStorage,
  managedCopyStorage,
  userSettingsStorage,
} from './storage';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  fakeBrowser.reset();
});

describe('settingsStorage: the settings in force', () => {
  it("a managed value wins over the user's; the user keeps the rest", async () => {
    await fakeBrowser.storage.sync.set({
      settings: {
        ...DEFAULT_SETTINGS,
        enabled: true,
        pages: { tokens: false, ingestion: true },
        pollSeconds: 60,
      },
    });
    await fakeBrowser.storage.managed.set({ overlayEnabled: false, apiBase: 'https://api.corp/' });
    const settings = await settingsStorage.get();
    expect(settings.enabled).toBe(false);
    expect(settings.apiBase).toBe('https://api.corp');
    expect(settings.pages).toEqual({ tokens: false, ingestion: true });
    expect(settings.pollSeconds).toBe(60);
  });

  it("ignores an invalid managed value with a warning and keeps the user's", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await fakeBrowser.storage.sync.set({ settings: { ...DEFAULT_SETTINGS, pollSeconds: 90 } });
    await fakeBrowser.storage.managed.set({ pollSeconds: 'often', overlayEnabled: false });
    const settings = await settingsStorage.get();
    expect(settings.pollSeconds).toBe(90);
    expect(settings.enabled).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      '[live-credits-bar]',
      'managed setting "pollSeconds" ignored: invalid value',
    );
  });

  it('a browser that refuses managed storage (Firefox without a policy) means no policy', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(
      new Error('Managed storage manifest not found'),
    );
    await fakeBrowser.storage.managed.set({ touch: 1 });
    await fakeBrowser.storage.sync.set({ settings: { ...DEFAULT_SETTINGS, enabled: false } });
    expect(await settingsStorage.get()).toEqual({ ...DEFAULT_SETTINGS, enabled: false });
    expect((await getManagedPolicy()).fields).toEqual([]);
  });

  it("saving keeps the user's own value under a managed one", async () => {
    await fakeBrowser.storage.sync.set({ settings: { ...DEFAULT_SETTINGS, apiBase: 'http://mine:5003' } });
    await fakeBrowser.storage.managed.set({ apiBase: 'https://api.corp' });
    const shown = await settingsStorage.get();
    await settingsStorage.set({ ...shown, pages: { tokens: false, ingestion: true } });
    const stored = await userSettingsStorage.get();
    expect(stored.apiBase).toBe('http://mine:5003');
    expect(stored.pages.tokens).toBe(false);
    // The administrator lifts the policy: the user's value is back.
    await fakeBrowser.storage.managed.clear();
    expect((await settingsStorage.get()).apiBase).toBe('http://mine:5003');
  });

  it("watch reports a change of the policy and of the user's settings", async () => {
    const seen: boolean[] = [];
    const unwatch = settingsStorage.watch((value) => seen.push(value.enabled));
    await fakeBrowser.storage.managed.set({ overlayEnabled: false });
    await flush();
    await fakeBrowser.storage.sync.set({ settings: { ...DEFAULT_SETTINGS, enabled: true, pollSeconds: 45 } });
    await flush();
    await fakeBrowser.storage.managed.clear();
    await flush();
    unwatch();
    expect(seen).toEqual([false, false, true]);
  });
});

/**
 * Managed storage holding `values` (the policy now), whose first read answers only when
 * `answer` is called, as Chrome's does for some seconds after it starts.
 */
async function slowManagedStorage(values: Record<string, unknown>) {
  await fakeBrowser.storage.managed.set(values);
  const managed = fakeBrowser.storage.managed;
  const read = managed.get.bind(managed);
  let answer = () => {};
  const get = vi
    .spyOn(managed, 'get')
    .mockImplementationOnce(() => new Promise((resolve) => (answer = () => resolve(read()))));
  return { answer: () => answer(), get };
}

describe('settingsStorage right after the browser starts (managed storage not answering yet)', () => {
  it('the policy as last given stands in; the answer replaces it and the watchers read again', async () => {
    await managedCopyStorage.set({ overlayEnabled: false, apiBase: 'https://api.corp' });
    // The administrator lifted the overlay switch while the browser was closed.
    const managed = await slowManagedStorage({ apiBase: 'https://api.corp' });
    const seen: [boolean, string][] = [];
    const unwatch = settingsStorage.watch((value) => seen.push([value.enabled, value.apiBase]));
    // Not answered: the copy from last time, at once.
    const early = await settingsStorage.get();
    expect([early.enabled, early.apiBase]).toEqual([false, 'https://api.corp']);
    expect(managed.get).toHaveBeenCalledTimes(1);
    managed.answer();
    await flush();
    await flush();
    expect(await managedCopyStorage.get()).toEqual({ apiBase: 'https://api.corp' });
    expect(await managedAnsweredStorage.get()).toBe(true);
    expect(seen).toEqual([[true, 'https://api.corp']]);
    // Answered once: every later read asks the browser (a change is in force at once).
    await fakeBrowser.storage.managed.set({ apiBase: 'https://api2.corp' });
    expect((await settingsStorage.get()).apiBase).toBe('https://api2.corp');
    unwatch();
  });

  it('the same policy as last time: the copy is kept and the watchers hear nothing', async () => {
    await managedCopyStorage.set({ overlayEnabled: false });
    const managed = await slowManagedStorage({ overlayEnabled: false });
    const seen: boolean[] = [];
    const unwatch = settingsStorage.watch((value) => seen.push(value.enabled));
    expect((await settingsStorage.get()).enabled).toBe(false);
    managed.answer();
    await flush();
    await flush();
    expect(seen).toEqual([]);
    expect(await managedAnsweredStorage.get()).toBe(true);
    unwatch();
  });

  it('with no copy (the first run) the answer is awaited', async () => {
    const managed = await slowManagedStorage({ overlayEnabled: false });
    let settled = false;
    const read = settingsStorage.get().then((value) => {
      settled = true;
      return value;
    });
    await flush();
    await flush();
    expect(settled).toBe(false);
    managed.answer();
    expect((await read).enabled).toBe(false);
    expect(await managedCopyStorage.get()).toEqual({ overlayEnabled: false });
  });
});

describe("registerBarSettings keeps the bar's copy current", () => {
  it("the user's change made while the policy is awaited is in the copy (not the settings from before)", async () => {
    const managed = await slowManagedStorage({ dailyBudget: 5000 });
    registerBarSettings();
    await flush();
    // The first run: no copy of the policy, so its answer is awaited, and the user saves meanwhile.
    await fakeBrowser.storage.sync.set({
      settings: { ...DEFAULT_SETTINGS, appOrigins: ['http://localhost:4000'] },
    });
    await flush();
    managed.answer();
    for (let i = 0; i < 10; i++) await flush();
    const copy = await barSettingsStorage.get();
    expect(copy.appOrigins).toEqual(['http://localhost:4000']);
    expect(copy.budget).toBe(5000);
  });

  it('writes the settings in force at start and after a policy change', async () => {
    await fakeBrowser.storage.managed.set({ tokensRoute: '/team/tokens' });
    registerBarSettings();
    await flush();
    await flush();
    expect((await barSettingsStorage.get()).routes.tokens).toBe('/team/tokens');
    await fakeBrowser.storage.managed.set({ tokensRoute: '/team/tokens', overlayEnabled: false });
    await flush();
    await flush();
    expect((await barSettingsStorage.get()).enabled).toBe(false);
  });

  it('does not write again when nothing changed (every write wakes every bar)', async () => {
    await fakeBrowser.storage.managed.set({ overlayEnabled: false });
    registerBarSettings();
    await flush();
    await flush();
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    registerBarSettings();
    await fakeBrowser.storage.sync.set({ settings: { ...DEFAULT_SETTINGS, enabled: true } });
    await flush();
    await flush();
    expect(set).not.toHaveBeenCalled();
    expect((await barSettingsStorage.get()).enabled).toBe(false);
  });
});
