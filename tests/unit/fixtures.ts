/**
 * Builders for the snapshots and credit events the unit tests render and derive from: each test
 * states the figures it relies on; the shape around them is written once here.
 */
import { render } from 'preact';
import { afterEach, beforeEach } from 'vitest';
import type { TokenAnalysis } from '../../utils/meridinate/domain';
import { DEFAULT_SETTINGS } from '../../utils/settings';
import {
  type Capabilities,
  type CreditEvent,
  createEmptySnapshot,
  type Snapshot,
} from '../../utils/snapshot/types';

/** One minute in ms. */
export const MIN = 60_000;

/** A credit event of one call (`count` 1, not an analysis) unless `patch` says otherwise. */
export function createCreditEvent(
  id: number,
  operation: string,
  credits: number,
  at: number | null,
  patch: Partial<CreditEvent> = {},
): CreditEvent {
  return { id, firstId: id, operation, credits, count: 1, at, analysis: false, ...patch };
}

/**
 * Today's credits as `credits/today` reports them, for the UTC day that holds `fetchedAt` (a
 * server at UTC+0): the day's start as the app writes it, and the day's bounds in ms.
 */
export function createDayCredits(
  total: number,
  byOperation: Record<string, number>,
  fetchedAt: number,
): NonNullable<Snapshot['credits']> {
  const day = new Date(fetchedAt).toISOString().slice(0, 10);
  const dayStartMs = Date.parse(`${day}T00:00:00Z`);
  return {
    total,
    byOperation,
    periodStart: `${day}T00:00:00`,
    dayStartMs,
    dayEndMs: dayStartMs + 24 * 60 * MIN,
    fetchedAt,
  };
}

/**
 * A snapshot whose last refresh (and attempt) ended 5 s before `now`, with today's credits
 * fetched then (or at `credits.fetchedAt`); `patch` adds the rest.
 */
export function createLoadedSnapshot(
  now: number,
  credits: { total: number; byOperation: Record<string, number>; fetchedAt?: number },
  patch: Partial<Snapshot> = {},
): Snapshot {
  return {
    ...createEmptySnapshot(),
    updatedAt: now - 5_000,
    attemptAt: now - 5_000,
    credits: createDayCredits(credits.total, credits.byOperation, credits.fetchedAt ?? now - 5_000),
    ...patch,
  };
}

/** The latest analysis the tests show: "Bonk Ultra" (token 8, 8 wallets, 205 cr) at `at`. */
export function createLatest(
  at: number,
  fetchedAt: number,
  patch: Partial<TokenAnalysis> = {},
): NonNullable<Snapshot['latest']> {
  return {
    tokenId: 8,
    name: 'Bonk Ultra',
    rawName: 'Bonk Ultra',
    at,
    walletsFound: 8,
    credits: 205,
    fetchedAt,
    ...patch,
  };
}

/** What a probe at `probedAt` found of an OLD back end at UTC+0, on the default API URL. */
export function createCapabilities(probedAt: number, patch: Partial<Capabilities> = {}): Capabilities {
  return {
    tokensLatest: false,
    ingestStats: false,
    serverOffsetMin: 0,
    apiBase: DEFAULT_SETTINGS.apiBase,
    probedAt,
    ...patch,
  };
}

/**
 * A fresh element in the document for each test to render into, emptied (so effects clean up)
 * and removed after it. Call at the top of a test file; read the element through the getter.
 */
export function createRenderTarget(): () => HTMLElement {
  let container: HTMLElement | null = null;
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => {
    if (!container) return;
    render(null, container);
    container.remove();
    container = null;
  });
  return () => {
    if (!container) throw new Error('the render target exists only inside a test');
    return container;
  };
}
