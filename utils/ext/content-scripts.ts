/**
 * The bar's content script follows the settings and the granted origins: registered for every app
 * origin the user allowed, and put into tabs already open when the extension is installed.
 */
import { browser } from 'wxt/browser';
import type { Settings } from '../settings';
import { LOG_PREFIX } from './log';
import { injectIntoOpenTabs } from './open-tabs';
import { syncDynamicContentScripts } from './permissions';
import type { StorageItem } from './storage';

/** Registers the listeners that keep the content script's registration current. */
export function registerContentScripts(settings: StorageItem<Settings>): void {
  const sync = () =>
    settings
      .get()
      .then(syncDynamicContentScripts)
      .catch((error: unknown) => console.error(LOG_PREFIX, 'content script registration failed', error));
  browser.runtime.onInstalled.addListener(() => {
    sync();
    settings
      .get()
      .then(injectIntoOpenTabs)
      .catch((error: unknown) => console.error(LOG_PREFIX, 'injection into open tabs failed', error));
  });
  browser.runtime.onStartup.addListener(sync);
  browser.permissions.onAdded.addListener(sync);
  browser.permissions.onRemoved.addListener(sync);
  settings.watch(sync);
}
