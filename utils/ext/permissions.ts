/**
 * Host access for origins beyond the defaults: asked for at the moment of use, and the bar's
 * content script registered for them at run time (again on every startup and update).
 */
import { browser } from 'wxt/browser';
import type { Settings } from '../settings';

const DYNAMIC_SCRIPT_ID = 'live-credits-bar-dynamic';
/** Origins the manifest covers already. */
export const BUILT_IN_ORIGINS = [
  'http://localhost:3000',
  'http://127.0.0.1:3000',
  'http://localhost:5003',
  'http://127.0.0.1:5003',
];

/** The app and API origins of these settings that need an extra grant. */
export function extraOrigins(settings: Pick<Settings, 'appOrigins' | 'apiBase'>): string[] {
  const all = [...settings.appOrigins, new URL(settings.apiBase).origin];
  return [...new Set(all)].filter((origin) => !BUILT_IN_ORIGINS.includes(origin));
}

/** Whether the extension may read pages and the API on these origins. */
export async function hasAccess(origins: readonly string[]): Promise<boolean> {
  if (origins.length === 0) return true;
  return browser.permissions.contains({ origins: origins.map((o) => `${o}/*`) });
}

/** Asks for access; must be called straight from a click. */
export function requestAccess(origins: readonly string[]): Promise<boolean> {
  if (origins.length === 0) return Promise.resolve(true);
  return browser.permissions.request({ origins: origins.map((o) => `${o}/*`) });
}

/** Registers the bar's content script for the extra app origins that were granted. */
export async function syncDynamicContentScripts(settings: Settings): Promise<void> {
  const scripting = browser.scripting;
  if (!scripting?.registerContentScripts) return;
  const origins: string[] = [];
  for (const origin of settings.appOrigins) {
    if (BUILT_IN_ORIGINS.includes(origin)) continue;
    if (await hasAccess([origin])) origins.push(origin);
  }
  const existing = await scripting.getRegisteredContentScripts({ ids: [DYNAMIC_SCRIPT_ID] });
  if (existing.length > 0) await scripting.unregisterContentScripts({ ids: [DYNAMIC_SCRIPT_ID] });
  if (origins.length === 0) return;
  await scripting.registerContentScripts([
    {
      id: DYNAMIC_SCRIPT_ID,
      matches: origins.map((o) => `${o}/*`),
      js: ['content-scripts/bar.js'],
      runAt: 'document_idle',
      persistAcrossSessions: true,
    },
  ]);
}
