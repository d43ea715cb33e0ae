import { describe, expect, it } from 'vitest';
import { createEmptySnapshot, type Snapshot } from '../snapshot/types';
import { deriveStatus, staleFigures } from './status';

const NOW = 1_800_000_000_000;
const POLL = 30_000;
/** Two intervals and the 8 s request timeout. */
const LIMIT = 2 * POLL + 8_000;
const credits = (fetchedAt: number) => ({
  total: 5,
  byOperation: {},
  periodStart: '2026-11-23T00:00:00',
  dayStartMs: 0,
  dayEndMs: 0,
  fetchedAt,
});
const ingest = (fetchedAt: number) => ({
  ingestAt: null,
  enrichAt: null,
  enrichCredits: null,
  hotRefreshAt: null,
  fetchedAt,
});
/** Every figure fetched at `at`; the socket up, the last attempt fine. */
const live = (at: number, patch: Partial<Snapshot> = {}): Snapshot => ({
  ...createEmptySnapshot(),
  credits: credits(at),
  recentAnalyses: { times: [], fetchedAt: at },
  latest: { tokenId: 1, name: 'X', rawName: 'X', at, walletsFound: null, credits: null, fetchedAt: at },
  transactionsAt: at,
  ingest: ingest(at),
  updatedAt: at,
  attemptAt: at,
  socket: 'connected',
  ...patch,
});

describe('freshness is per figure', () => {
  it.each<[string, Snapshot, string[]]>([
    ['all fresh', live(NOW - 5_000), []],
    ['exactly at the limit is fresh', live(NOW - LIMIT), []],
    [
      'history fetched 2 min ago but proven current 10 s ago',
      live(NOW - 5_000, {
        recentAnalyses: { times: [], fetchedAt: NOW - 120_000, checkedAt: NOW - 10_000 },
        latest: {
          tokenId: 1,
          name: 'X',
          rawName: 'X',
          at: 0,
          walletsFound: null,
          credits: null,
          fetchedAt: NOW - 120_000,
          checkedAt: NOW - 10_000,
        },
      }),
      [],
    ],
    [
      'history refused by the budget (updatedAt still advancing)',
      live(NOW - 5_000, { recentAnalyses: { times: [], fetchedAt: NOW - LIMIT - 1 } }),
      ['analysis'],
    ],
    ['credits not fetched', live(NOW - 5_000, { credits: credits(NOW - 90_000) }), ['credits']],
    ['ingest not fetched', live(NOW - 5_000, { ingest: ingest(NOW - 90_000) }), ['ingest']],
    ['recent credits not fetched', live(NOW - 5_000, { transactionsAt: NOW - 90_000 }), ['events']],
    ['figures never shown do not count', { ...live(NOW - 5_000), ingest: null, latest: null }, []],
    [
      'an analysis row seen that the history does not cover yet (its fetch held back)',
      live(NOW - 5_000, {
        recentAnalyses: { times: [], fetchedAt: NOW - 5_000, coverTxId: 98 },
        lastAnalysisTxId: 99,
      }),
      ['analysis'],
    ],
    [
      'every analysis row seen is covered',
      live(NOW - 5_000, {
        recentAnalyses: { times: [], fetchedAt: NOW - 5_000, coverTxId: 99 },
        lastAnalysisTxId: 99,
      }),
      [],
    ],
  ])('%s', (_name, snapshot, expected) => {
    expect(staleFigures(snapshot, NOW, POLL).figures).toEqual(expected);
  });

  it('Live only when every shown figure is fresh; the status says which is old', () => {
    expect(deriveStatus(live(NOW - 5_000), NOW, POLL).kind).toBe('live');
    const s = deriveStatus(
      live(NOW - 5_000, { recentAnalyses: { times: [], fetchedAt: NOW - 200_000 } }),
      NOW,
      POLL,
    );
    expect(s.kind).toBe('stale');
    expect(s.label).toBe('Updated 3 min ago');
    expect(s.detail).toMatch(/Not updated lately: tokens scanned and latest analysis\./);
  });

  it('a spent budget says Paused and when it resumes', () => {
    const until = NOW + 25 * 60_000;
    const s = deriveStatus(
      live(NOW - 5_000, {
        recentAnalyses: { times: [], fetchedAt: NOW - 200_000 },
        paused: [{ endpoint: '/api/tokens/history', until }],
      }),
      NOW,
      POLL,
      'en-GB',
    );
    expect(s.kind).toBe('paused');
    expect(s.label).toBe('Paused');
    const clock = new Date(until).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
    expect(s.detail).toContain(`Request limit reached, resumes ${clock}.`);
    expect(s.detail).toContain('tokens scanned and latest analysis');
  });

  it("the back end's limiter holding one endpoint says Rate-limited, which figures are old and when it asks again", () => {
    const s = deriveStatus(
      live(NOW - 5_000, {
        transactionsAt: NOW - 200_000,
        paused: [{ endpoint: '/api/stats/credits/transactions', until: NOW + 4 * 60_000, strikes: 3 }],
      }),
      NOW,
      POLL,
      'en-GB',
    );
    expect(s.kind).toBe('rate-limited');
    expect(s.label).toBe('Rate-limited');
    expect(s.detail).toBe(
      'The back end’s rate limit was reached; asking less often. Not updated lately: recent credits. Updated just now. Retrying in 4 min.',
    );
  });

  it('a 429 hold whose wait is over says Rate-limited, retrying now, until its endpoint answers', () => {
    const hold = { endpoint: '/api/stats/credits/transactions', until: NOW - 1, strikes: 2 };
    const s = deriveStatus(live(NOW - 5_000, { paused: [hold] }), NOW, POLL);
    expect(s.kind).toBe('rate-limited');
    expect(s.detail).toMatch(/Retrying now\.$/);
  });

  it('a pause that is over is not shown', () => {
    const s = deriveStatus(live(NOW - 5_000, { paused: [{ endpoint: '/x', until: NOW - 1 }] }), NOW, POLL);
    expect(s.kind).toBe('live');
  });
});

describe('a server day whose start is not known', () => {
  it.each<[string, Snapshot, string, string]>([
    ['known start: live', live(NOW - 5_000), 'live', 'Live'],
    [
      'unknown start: not live, and says why',
      live(NOW - 5_000, { credits: { ...credits(NOW - 5_000), dayStartUnknown: true } }),
      'partial',
      'Day start unsure',
    ],
    [
      'unknown start and old figures: stale wins',
      live(NOW - LIMIT - 1_000, { credits: { ...credits(NOW - LIMIT - 1_000), dayStartUnknown: true } }),
      'stale',
      'Updated 1 min ago',
    ],
  ])('%s', (_case, snapshot, kind, label) => {
    const status = deriveStatus(snapshot, NOW, POLL);
    expect([status.kind, status.label]).toEqual([kind, label]);
  });

  it.each<[string, number | null | undefined]>([
    ['a DST change not seen', NOW - 60_000],
    ['never measured (the browser offset guessed)', null],
    ['never measured (a stored day from before the field)', undefined],
  ])('says why and until when: %s', (_case, dayOffsetAt) => {
    const snapshot = live(NOW - 5_000, {
      credits: { ...credits(NOW - 5_000), dayStartUnknown: true, dayOffsetAt },
    });
    expect(deriveStatus(snapshot, NOW, POLL).detail).toBe(
      "Tokens Scanned Today may be off by an hour: the server's midnight is not known (its clock changed since it was last seen, or is not measured yet). Exact once measured, or from tomorrow. Updated just now.",
    );
  });
});

describe('a view coming back after nobody looked is not Live on figures from before', () => {
  const BACK = NOW - 2_000;
  it.each<[string, Snapshot, string]>([
    ['watched all along (never resumed)', live(NOW - 20_000), 'live'],
    ['back, figures from before but within one interval', live(NOW - POLL, { watchedSince: BACK }), 'live'],
    [
      'back, figures from before and one interval old + 1 ms',
      live(NOW - POLL - 1, { watchedSince: BACK }),
      'stale',
    ],
    [
      'back, figures 36 s old (under the 2-interval limit)',
      live(NOW - 36_000, { watchedSince: BACK }),
      'stale',
    ],
    [
      'back, the first refresh running: still not Live',
      live(NOW - 36_000, { watchedSince: BACK, updating: BACK }),
      'stale',
    ],
    [
      'back, socket still down: not Polling either',
      live(NOW - 36_000, { watchedSince: BACK, socket: 'closed' }),
      'stale',
    ],
    ['back, the first refresh answered', live(NOW - 1_000, { watchedSince: BACK }), 'live'],
    [
      'watched since long ago, a late alarm: figures 50 s old stay Live',
      live(NOW - 50_000, { watchedSince: NOW - 600_000 }),
      'live',
    ],
    ['fetched at the very moment of coming back', live(BACK, { watchedSince: BACK }), 'live'],
  ])('%s', (_name, snapshot, kind) => {
    expect(deriveStatus(snapshot, NOW, POLL).kind).toBe(kind);
  });

  it('says how old the figures are and that they are being updated', () => {
    const s = deriveStatus(live(NOW - 36_000, { watchedSince: BACK, updating: BACK }), NOW, POLL, 'en');
    expect(s.label).toBe('Updated 36 s ago');
    expect(s.detail).toMatch(/Updating/);
    expect(s.busy).toBe(true);
  });
});

describe('credits the last attempt did not fetch (budget spent) are not Live once older than one interval', () => {
  const TRIED = NOW - 30_000;
  const ended = [{ endpoint: '/api/stats/credits/today', until: NOW - 1_000 }];
  it.each<[string, Snapshot, string]>([
    ['every poll fetched them', live(NOW - 5_000, { attemptAt: NOW - 5_100 }), 'live'],
    [
      'the pause just ended, credits 59 s old (under the 2-interval limit)',
      live(NOW - 59_000, { attemptAt: TRIED, paused: ended }),
      'stale',
    ],
    [
      'credits refused, the others answered (updatedAt advanced)',
      live(TRIED + 100, { attemptAt: TRIED, credits: credits(NOW - 40_000), paused: ended }),
      'stale',
    ],
    [
      'credits refused but still within one interval',
      live(TRIED + 100, { attemptAt: TRIED, credits: credits(NOW - POLL), paused: ended }),
      'live',
    ],
    [
      'a late poll alarm: fetched by the last attempt, 50 s ago',
      live(NOW - 50_000, { attemptAt: NOW - 50_100 }),
      'live',
    ],
  ])('%s', (_name, snapshot, kind) => {
    expect(deriveStatus(snapshot, NOW, POLL).kind).toBe(kind);
  });

  it('says the age of the oldest of them', () => {
    const s = deriveStatus(
      live(TRIED + 100, { attemptAt: TRIED, credits: credits(NOW - 40_000), paused: ended }),
      NOW,
      POLL,
      'en',
    );
    expect(s.label).toBe('Updated 40 s ago');
  });
});
