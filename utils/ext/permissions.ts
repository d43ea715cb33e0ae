/**
 * Host access for origins beyond the defaults: asked for at the moment of use, and the bar's
 * content script registered for them at run time (again on every startup and update).
 */
import { type Browser, browser } from 'wxt/browser';
import { DEFAULT_API_ORIGINS, DEFAULT_APP_ORIGINS, type Settings } from '../settings';

const DYNAMIC_SCRIPT_ID = 'live-credits-bar-dynamic';
/** Origins the manifest covers already. */
export const BUILT_IN_ORIGINS = [...DEFAULT_APP_ORIGINS, ...DEFAULT_API_ORIGINS];

/** The app and API origins of these settings that need an extra grant. */
export function extraOrigins(settings: Pick<Settings, 'appOrigins' | 'apiBase'>): string[] {
  const all = [...settings.appOrigins, new URL(settings.apiBase).origin];
  return [...new Set(all)].filter((origin) => !BUILT_IN_ORIGINS.includes(origin));
}

/** Every app and API origin of these settings, built-in ones included. */
export function settingsOrigins(settings: Pick<Settings, 'appOrigins' | 'apiBase'>): string[] {
  return [...new Set([...settings.appOrigins, new URL(settings.apiBase).origin])];
}

/**
 * The origins of these settings the extension has no access to. Built-in ones are checked too:
 * Firefox MV3 lets the user withhold (or later revoke) the manifest's host permissions.
 */
export async function missingAccess(settings: Pick<Settings, 'appOrigins' | 'apiBase'>): Promise<string[]> {
  const missing: string[] = [];
  for (const origin of settingsOrigins(settings)) if (!(await hasAccess([origin]))) missing.push(origin);
  return missing;
}

/** Calls back whenever a permission is granted or revoked; returns the unwatch function. */
export function watchAccess(callback: () => void): () => void {
  const listener = () => callback();
  browser.permissions.onAdded.addListener(listener);
  browser.permissions.onRemoved.addListener(listener);
  return () => {
    browser.permissions.onAdded.removeListener(listener);
    browser.permissions.onRemoved.removeListener(listener);
  };
}

/**
 * The match pattern that covers an origin. Firefox match patterns cannot hold a port (one with a
 * port never matches anything), so there the pattern covers every port of the host.
 */
export function originPattern(origin: string): string {
  if (!import.meta.env.FIREFOX) return `${origin}/*`;
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

const patternsOf = (origins: readonly string[]) => [...new Set(origins.map(originPattern))];

/** Whether the manifest's content script runs on this origin already. */
function staticScriptCovers(origin: string): boolean {
  const url = new URL(origin);
  const portless = `${url.protocol}//${url.hostname}/*`;
  return (browser.runtime.getManifest().content_scripts ?? [])
    .flatMap((script) => script.matches ?? [])
    .some((match) => match === `${origin}/*` || match === portless);
}

/** Whether the extension may read pages and the API on these origins. */
export async function hasAccess(origins: readonly string[]): Promise<boolean> {
  if (origins.length === 0) return true;
  return browser.permissions.contains({ origins: patternsOf(origins) });
}

/** Asks for access; must be called straight from a click. */
export function requestAccess(
  origins: readonly string[],
  permissions: readonly string[] = [],
): Promise<boolean> {
  // API permissions (notifications for the budget) ride on the same prompt; ones the manifest
  // requires already (end-to-end builds) are not asked for: asking would fail.
  const required = browser.runtime.getManifest().permissions ?? [];
  const optional = permissions.filter((permission) => !required.includes(permission as never));
  if (origins.length === 0 && optional.length === 0) return Promise.resolve(true);
  return browser.permissions.request({
    ...(origins.length > 0 ? { origins: patternsOf(origins) } : {}),
    ...(optional.length > 0
      ? { permissions: optional as Browser.permissions.Permissions['permissions'] }
      : {}),
  });
}

/** Registers the bar's content script for the extra app origins that were granted. */
export async function syncDynamicContentScripts(settings: Settings): Promise<void> {
  const scripting = browser.scripting;
  if (!scripting?.registerContentScripts) return;
  const origins: string[] = [];
  for (const origin of settings.appOrigins) {
    // Not where the manifest's script runs already (Firefox's manifest matches every port).
    if (BUILT_IN_ORIGINS.includes(origin) || staticScriptCovers(origin)) continue;
    if (await hasAccess([origin])) origins.push(origin);
  }
  const existing = await scripting.getRegisteredContentScripts({ ids: [DYNAMIC_SCRIPT_ID] });
  if (existing.length > 0) await scripting.unregisterContentScripts({ ids: [DYNAMIC_SCRIPT_ID] });
  if (origins.length === 0) return;
  await scripting.registerContentScripts([
    {
      id: DYNAMIC_SCRIPT_ID,
      matches: patternsOf(origins),
      js: ['content-scripts/bar.js'],
      runAt: 'document_idle',
      persistAcrossSessions: true,
    },
  ]);
}
