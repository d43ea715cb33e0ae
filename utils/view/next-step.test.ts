import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../meridinate/domain';
import { createEmptySnapshot, type Snapshot } from '../snapshot/types';
import { deriveNextStep } from './next-step';
import type { StatusKind } from './status';

const NOW = Date.UTC(2026, 11, 6, 12);
const failed = (kind: ErrorKind, nextAttemptAt: number | null): Snapshot => ({
  ...createEmptySnapshot(),
  errors: [{ kind, endpoint: '/api/stats/credits/today', message: 'm', at: NOW }],
  failures: 1,
  nextAttemptAt,
});

describe('deriveNextStep', () => {
  it.each<[string, Snapshot, StatusKind, boolean, { text: string; short: string; shortest: string } | null]>([
    ['live: nothing to say', createEmptySnapshot(), 'live', false, null],
    ['stale: nothing to say (the label says it)', createEmptySnapshot(), 'stale', false, null],
    ['partly updated: nothing to say', failed('server', NOW + 20_000), 'partial', false, null],
    [
      'unreachable: when, and what to check',
      failed('offline', NOW + 19_200),
      'offline',
      false,
      {
        text: 'Retrying in 20 s. Is Meridinate running? Check the API URL in Options.',
        short: 'retry in 20 s · is Meridinate running?',
        shortest: 'retry in 20 s',
      },
    ],
    [
      'wrong URL (404): when, and the URL',
      failed('not-found', NOW + 90_000),
      'error',
      false,
      {
        text: 'Retrying in 2 min. Check the API URL in Options.',
        short: 'retry in 2 min · check the API URL',
        shortest: 'retry in 2 min',
      },
    ],
    [
      'unexpected data: when',
      failed('bad-data', NOW + 5_000),
      'error',
      false,
      { text: 'Retrying in 5 s.', short: 'retry in 5 s', shortest: 'retry in 5 s' },
    ],
    [
      'rate-limited: when',
      failed('rate-limited', NOW + 60_000),
      'rate-limited',
      false,
      { text: 'Retrying in 1 min.', short: 'retry in 1 min', shortest: 'retry in 1 min' },
    ],
    [
      'the retry is running',
      failed('server', NOW - 1_000),
      'error',
      true,
      { text: 'Retrying now.', short: 'Retrying now.', shortest: 'Retrying now.' },
    ],
    ['a server error with no retry planned and none running', failed('server', null), 'error', false, null],
    [
      'a wrong URL with no retry planned: the advice alone',
      failed('not-found', null),
      'error',
      false,
      {
        text: 'Check the API URL in Options.',
        short: 'check the API URL',
        shortest: 'check the API URL',
      },
    ],
  ])('%s', (_, snapshot, kind, busy, expected) => {
    expect(deriveNextStep(snapshot, { kind, busy }, NOW)).toEqual(expected);
  });

  it("writes the wait with the numbers of the words' locale, as the status does", () => {
    const step = deriveNextStep(
      failed('offline', NOW + 20_000),
      { kind: 'offline', busy: false },
      NOW,
      'ar-EG',
    );
    expect(step?.shortest).toBe('retry in ٢٠ s');
  });
});
