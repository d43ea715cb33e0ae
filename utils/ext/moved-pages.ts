/**
 * Asks the app origin how the configured page routes answer, once per probe that found a HEAD
 * back end (HEAD moved its pages), and stores what it found for the popup and Options to offer
 * the move. Two requests per probe, to the app (not the API), from the background only.
 */
import {
  classifyRouteAnswer,
  isMovedPagesCheckDue,
  type MovedPagesFinding,
  type RouteAnswer,
} from '../moved-pages';
import type { Snapshot } from '../snapshot/types';
import { LOG_PREFIX } from './log';
import { settingsStorage } from './managed';
import { defineItem, snapshotStorage } from './storage';

const TIMEOUT_MS = 8_000;

/** The last finding; written by the background only. */
export const movedPagesStorage = defineItem<MovedPagesFinding | null>('local', 'movedPages', (raw) =>
  raw && typeof raw === 'object' && typeof (raw as MovedPagesFinding).probedAt === 'number'
    ? (raw as MovedPagesFinding)
    : null,
);

/** Registers the check on snapshot changes. Call once, synchronously, from the background. */
export function registerMovedPages(fetchPage: typeof fetch = (input, init) => fetch(input, init)): void {
  // The probe being checked right now: snapshot writes come in bursts.
  let checking: number | null = null;

  const ask = async (url: string): Promise<RouteAnswer> => {
    try {
      const response = await fetchPage(url, {
        redirect: 'manual',
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      return classifyRouteAnswer(response);
    } catch {
      return 'unknown';
    }
  };

  const check = async (snapshot: Snapshot) => {
    const capabilities = snapshot.capabilities;
    if (!capabilities || capabilities.probedAt === checking) return;
    const [last, settings] = await Promise.all([movedPagesStorage.get(), settingsStorage.get()]);
    const origin = settings.appOrigins[0];
    if (!origin || !isMovedPagesCheckDue(capabilities, last, { origin, routes: settings.routes })) return;
    checking = capabilities.probedAt;
    try {
      const [tokens, ingestion] = await Promise.all([
        ask(`${origin}${settings.routes.tokens}`),
        ask(`${origin}${settings.routes.ingestion}`),
      ]);
      await movedPagesStorage.set({
        probedAt: capabilities.probedAt,
        origin,
        routes: settings.routes,
        tokens,
        ingestion,
      });
    } finally {
      checking = null;
    }
  };

  snapshotStorage.watch((snapshot) => {
    check(snapshot).catch((error: unknown) => console.error(LOG_PREFIX, 'moved pages check failed', error));
  });
  // The background may start with a HEAD probe already stored.
  snapshotStorage
    .get()
    .then(check)
    .catch(() => {});
}
