/**
 * The settings in force: the user's own (storage.sync) with the administrator's managed values
 * (storage.managed: Chrome's policy for the extension, Firefox's `3rdparty.Extensions`) on top.
 */
import { browser } from 'wxt/browser';
import type { Settings } from '../settings';
import { LOG_PREFIX } from './log';
import { applyManagedPolicy, keepUserValues, type ManagedPolicy, parseManagedPolicy } from './managed-policy';
import {
  barSettingsStorage,
  followItem,
  MIN_POLL_SECONDS,
  managedAnsweredStorage,
  managedCopyStorage,
  type StorageItem,
  userSettingsStorage,
} from './storage';

/** The warnings last logged: a policy read on every settings read is not logged every time. */
let loggedWarnings = '';

/**
 * The administrator's values as the browser gives them now: `{}` when it refuses (Firefox when no
 * policy names the extension) or has no managed storage at all, both meaning no policy. A value
 * other than the copy replaces the copy, which tells the watchers.
 */
async function readManagedValues(): Promise<unknown> {
  let raw: unknown;
  try {
    raw = (await browser.storage.managed.get()) ?? {};
  } catch {
    raw = {};
  }
  const [copy, answered] = await Promise.all([managedCopyStorage.get(), managedAnsweredStorage.get()]);
  if (JSON.stringify(copy) !== JSON.stringify(raw)) await managedCopyStorage.set(raw);
  if (!answered) await managedAnsweredStorage.set(true);
  return raw;
}

/**
 * The administrator's valid values; invalid ones are logged (once per change of the policy) and
 * left out. Chrome answers managed storage only once its policy service is up, some seconds after
 * the browser starts, and a tab restored then would wait that long for its bar: until the browser
 * first answered, the copy of the policy it gave last time stands in. Its answer follows and, when
 * it differs (the administrator changed the policy while the browser was closed), replaces the
 * copy, and every watcher reads again. Without a copy (the first run) the answer is awaited.
 */
export async function getManagedPolicy(): Promise<ManagedPolicy> {
  const fresh = readManagedValues();
  const [answered, copy] = await Promise.all([managedAnsweredStorage.get(), managedCopyStorage.get()]);
  let raw = copy;
  if (answered || copy === undefined) raw = await fresh;
  else fresh.catch((error: unknown) => console.error(LOG_PREFIX, error));
  const { policy, warnings } = parseManagedPolicy(raw, MIN_POLL_SECONDS);
  if (warnings.join('\n') !== loggedWarnings) {
    loggedWarnings = warnings.join('\n');
    for (const warning of warnings) console.warn(LOG_PREFIX, warning);
  }
  return policy;
}

/**
 * Calls back whenever the user's settings or the policy change; returns the unwatch function. A
 * change of the policy reaches the watchers through its copy (once the copy holds it), so a read
 * made on the change never meets the copy from before.
 */
function watchSources(callback: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'sync' && changes.settings) callback();
    else if (area === 'managed')
      readManagedValues().catch((error: unknown) => console.error(LOG_PREFIX, error));
  };
  browser.storage.onChanged.addListener(listener);
  const unwatchCopy = managedCopyStorage.watch(callback);
  return () => {
    browser.storage.onChanged.removeListener(listener);
    unwatchCopy();
  };
}

/**
 * The settings in force. Saving stores the user's own values: a managed field keeps the user's
 * earlier value underneath, so it comes back when the administrator lifts the policy.
 */
export const settingsStorage: StorageItem<Settings> = {
  async get() {
    // The user's settings are read once the policy is known: it can take seconds right after the
    // browser starts, and the user's from before that wait would be old by then.
    const policy = await getManagedPolicy();
    return applyManagedPolicy(await userSettingsStorage.get(), policy);
  },
  async set(value) {
    const policy = await getManagedPolicy();
    await userSettingsStorage.set(keepUserValues(value, await userSettingsStorage.get(), policy));
  },
  watch(callback) {
    // Reads are async: only the newest one is delivered, so a late read never undoes a change.
    let latest = 0;
    return watchSources(() => {
      const ticket = ++latest;
      settingsStorage
        .get()
        .then((value) => {
          if (ticket === latest) callback(value);
        })
        .catch((error: unknown) => console.error(LOG_PREFIX, error));
    });
  },
};

/** Keeps the bar's copy of the settings in force current. Call once, from the background. */
export function registerBarSettings(): void {
  // Written only when it changed: every write wakes every bar (and a worker restart changes nothing).
  // Writes run one after another, in the order the values came, so an older one never lands last.
  let writes = Promise.resolve();
  const write = (settings: Settings) => {
    writes = writes.then(async () => {
      try {
        const stored = await barSettingsStorage.get();
        if (JSON.stringify(stored) !== JSON.stringify(settings)) await barSettingsStorage.set(settings);
      } catch (error) {
        console.error(LOG_PREFIX, error);
      }
    });
  };
  followItem(settingsStorage, write);
}
