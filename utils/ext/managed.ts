/**
 * The settings in force: the user's own (storage.sync) with the administrator's managed values
 * (storage.managed: Chrome's policy for the extension, Firefox's `3rdparty.Extensions`) on top.
 */
import { browser } from 'wxt/browser';
import type { Settings } from '../settings';
import { LOG_PREFIX } from './log';
import {
  applyManagedPolicy,
  keepUserValues,
  type ManagedPolicy,
  NO_POLICY,
  parseManagedPolicy,
} from './managed-policy';
import { barSettingsStorage, MIN_POLL_SECONDS, type StorageItem, userSettingsStorage } from './storage';

/** The warnings last logged: a policy read on every settings read is not logged every time. */
let loggedWarnings = '';

/**
 * The administrator's valid values. Firefox rejects when no policy names the extension and some
 * browsers have no managed storage at all: both mean no policy. Invalid values are logged (once
 * per change of the policy) and left out.
 */
export async function getManagedPolicy(): Promise<ManagedPolicy> {
  let raw: unknown;
  try {
    raw = await browser.storage.managed.get();
  } catch {
    return NO_POLICY;
  }
  const { policy, warnings } = parseManagedPolicy(raw, MIN_POLL_SECONDS);
  if (warnings.join('\n') !== loggedWarnings) {
    loggedWarnings = warnings.join('\n');
    for (const warning of warnings) console.warn(LOG_PREFIX, warning);
  }
  return policy;
}

/** Calls back whenever the user's settings or the policy change; returns the unwatch function. */
function watchSources(callback: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'managed' || (area === 'sync' && changes.settings)) callback();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/**
 * The settings in force. Saving stores the user's own values: a managed field keeps the user's
 * earlier value underneath, so it comes back when the administrator lifts the policy.
 */
export const settingsStorage: StorageItem<Settings> = {
  async get() {
    const [user, policy] = await Promise.all([userSettingsStorage.get(), getManagedPolicy()]);
    return applyManagedPolicy(user, policy);
  },
  async set(value) {
    const [user, policy] = await Promise.all([userSettingsStorage.get(), getManagedPolicy()]);
    await userSettingsStorage.set(keepUserValues(value, user, policy));
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
  const write = async (settings: Settings) => {
    try {
      const stored = await barSettingsStorage.get();
      if (JSON.stringify(stored) !== JSON.stringify(settings)) await barSettingsStorage.set(settings);
    } catch (error) {
      console.error(LOG_PREFIX, error);
    }
  };
  settingsStorage.watch(write);
  settingsStorage
    .get()
    .then(write)
    .catch((error: unknown) => console.error(LOG_PREFIX, error));
}
