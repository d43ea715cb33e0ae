import { describe, expect, it } from 'vitest';
import { createEmptySnapshot, type Snapshot } from '../snapshot/types';
import { describeTimes } from './describe-times';

const NOW = Date.UTC(2026, 11, 6, 12, 45);
const HOUR = 3_600_000;

describe('describeTimes', () => {
  it('words nothing that is not known', () => {
    expect(describeTimes(createEmptySnapshot(), NOW, 'en-GB', 'UTC')).toEqual({
      l: undefined,
      i: undefined,
      e: undefined,
    });
  });

  it('words the latest analysis, the last ingest and the last enrichment with the date each needs', () => {
    const snapshot: Snapshot = {
      ...createEmptySnapshot(),
      latest: {
        tokenId: 1,
        name: 'Bonk',
        rawName: 'Bonk',
        at: NOW - 5 * 60_000,
        walletsFound: null,
        credits: null,
        fetchedAt: NOW,
      },
      ingest: {
        ingestAt: NOW - 13 * HOUR - 35 * 60_000,
        enrichAt: NOW - 9 * 24 * HOUR,
        enrichCredits: 40,
        hotRefreshAt: null,
        fetchedAt: NOW,
      },
    };
    const times = describeTimes(snapshot, NOW, 'en-GB', 'UTC');
    expect(times.l?.text).toBe('12:40');
    expect(times.i?.text).toBe('yesterday 23:10');
    expect(times.e?.text).toBe('27 Nov');
    expect(times.e?.title).toMatch(/27 November 2026.* · 9 days ago$/);
  });
});
