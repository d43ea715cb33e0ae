import type { PageKind, Settings } from './settings';

/**
 * Which target page a URL is, if any. The match is on the exact route (a trailing slash is
 * tolerated), so `/dashboard/tokens/8` (a token's detail page) is not the Tokens page.
 */
export function matchTargetPage(
  href: string,
  settings: Pick<Settings, 'appOrigins' | 'routes'>,
): PageKind | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!settings.appOrigins.includes(url.origin)) return null;
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  if (path === settings.routes.tokens) return 'tokens';
  if (path === settings.routes.ingestion) return 'ingestion';
  return null;
}

/** Whether the bar should be shown on this URL with these settings. */
export function shouldShowBar(href: string, settings: Settings): PageKind | null {
  if (!settings.enabled) return null;
  const page = matchTargetPage(href, settings);
  return page && settings.pages[page] ? page : null;
}
