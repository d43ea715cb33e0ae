/**
 * The bar in app tabs that were open before the extension was installed or updated. Chrome runs
 * content scripts only in pages loaded afterwards; without this an open tab would lose its bar
 * (the old copy removes itself when its extension context goes away) until it is reloaded.
 */
import { browser } from 'wxt/browser';
import type { Settings } from '../settings';
import { originPattern } from './permissions';

/** Runs the bar's content script in the open tabs of the app origins the extension may access. */
export async function injectIntoOpenTabs(settings: Pick<Settings, 'appOrigins'>): Promise<void> {
  const scripting = browser.scripting;
  if (!scripting?.executeScript) return;
  const tabs = await browser.tabs.query({ url: [...new Set(settings.appOrigins.map(originPattern))] });
  await Promise.all(
    tabs.map((tab) =>
      tab.id === undefined
        ? undefined
        : // A tab without access (or a discarded one) just keeps no bar.
          scripting
            .executeScript({ target: { tabId: tab.id }, files: ['/content-scripts/bar.js'] })
            .catch(() => undefined),
    ),
  );
}
