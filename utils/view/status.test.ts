import { describe, expect, it } from 'vitest';
import { createEmptySnapshot, type FetchError, type Snapshot } from '../snapshot/types';
import { deriveStatus, isStale, type StatusKind } from './status';

const NOW = 1_800_000_000_000;
const POLL = 30_000;
const credits = {
  total: 5,
  byOperation: {},
  periodStart: '2026-11-23T00:00:00',
  dayStartMs: 0,
  dayEndMs: 0,
  fetchedAt: NOW,
};
const err = (kind: FetchError['kind'], endpoint = '/api/stats/credits/today'): FetchError => ({
  kind,
  endpoint,
  message: `${kind} message`,
  at: NOW,
});
const snap = (patch: Partial<Snapshot>): Snapshot => ({ ...createEmptySnapshot(), ...patch });

describe('deriveStatus', () => {
  it.each<[string, Snapshot, StatusKind, RegExp, RegExp]>([
    ['nothing yet', createEmptySnapshot(), 'loading', /Loading/, /Fetching/],
    ['first fetch running', snap({ updating: NOW - 1000 }), 'loading', /Loading/, /Fetching/],
    [
      'fresh data with the socket',
      snap({ credits, updatedAt: NOW - 5_000, socket: 'connected' }),
      'live',
      /^Live$/,
      /Updated just now/,
    ],
    [
      'fresh data without the socket',
      snap({ credits, updatedAt: NOW - 12_000 }),
      'polling',
      /Polling/,
      /Updated 12 s ago\. Checking every 30 s/,
    ],
    [
      'a fetch running: the label stays, the sentence says so',
      snap({ credits, updatedAt: NOW - 30_000, updating: NOW - 500 }),
      'polling',
      /^Polling$/,
      /^Updated 30 s ago\. Updating…$/,
    ],
    [
      'a fetch running with the socket',
      snap({ credits, updatedAt: NOW - 5_000, updating: NOW - 500, socket: 'connected' }),
      'live',
      /^Live$/,
      /^Updated just now\. Updating…$/,
    ],
    [
      'a fetch running on old data',
      snap({ credits, updatedAt: NOW - 180_000, updating: NOW - 500 }),
      'stale',
      /Updated 3 min ago/,
      /^Updated 3 min ago\. Updating…$/,
    ],
    [
      'a fetch cut short long ago is not running',
      snap({ credits, updatedAt: NOW - 5_000, updating: NOW - 60_000 }),
      'polling',
      /Polling/,
      /./,
    ],
    ['old data', snap({ credits, updatedAt: NOW - 180_000 }), 'stale', /Updated 3 min ago/, /Waiting/],
    [
      'back end down, data kept',
      snap({
        credits,
        updatedAt: NOW - 120_000,
        errors: [err('offline')],
        failures: 2,
        nextAttemptAt: NOW + 20_000,
      }),
      'offline',
      /Back end unreachable/,
      /Updated 2 min ago\. Retrying in 20 s\.$/,
    ],
    [
      'back end down from the start',
      snap({ errors: [err('offline')], failures: 1, nextAttemptAt: NOW + 5_000 }),
      'offline',
      /unreachable/,
      /No data yet\. Retrying in 5 s\. Is Meridinate running\? Check the API URL in Options\./,
    ],
    [
      'back end hanging',
      snap({
        credits,
        updatedAt: NOW - 60_000,
        errors: [err('timeout')],
        failures: 1,
        nextAttemptAt: NOW + 9_000,
      }),
      'offline',
      /not answering/,
      /Retrying in 9 s/,
    ],
    [
      'rate-limited',
      snap({
        credits,
        updatedAt: NOW - 60_000,
        errors: [err('rate-limited')],
        failures: 1,
        nextAttemptAt: NOW + 60_000,
      }),
      'rate-limited',
      /Rate-limited/,
      /Retrying in 1 min/,
    ],
    [
      'malformed answers everywhere',
      snap({
        credits,
        updatedAt: NOW - 60_000,
        errors: [err('bad-data')],
        failures: 1,
        nextAttemptAt: NOW + 5_000,
      }),
      'error',
      /Unexpected data/,
      /bad-data message/,
    ],
    [
      'wrong API URL',
      snap({ errors: [err('not-found')], failures: 1, nextAttemptAt: NOW + 5_000 }),
      'error',
      /Wrong API URL/,
      /Check the API URL in Options/,
    ],
    [
      'one endpoint failing',
      snap({ credits, updatedAt: NOW - 60_000, errors: [err('server', '/api/tokens/history')] }),
      'partial',
      /Partly updated/,
      /Could not refresh \/api\/tokens\/history/,
    ],
  ])('%s', (_name, snapshot, kind, label, detail) => {
    const status = deriveStatus(snapshot, NOW, POLL, 'en-US');
    expect(status.kind).toBe(kind);
    expect(status.label).toMatch(label);
    expect(status.detail).toMatch(detail);
  });
});

describe('busy: a fetch is running', () => {
  it.each<[string, Snapshot, boolean]>([
    ['idle', snap({ credits, updatedAt: NOW - 5_000 }), false],
    ['first fetch', snap({ updating: NOW - 1_000 }), true],
    ['refresh of good data', snap({ credits, updatedAt: NOW - 5_000, updating: NOW - 100 }), true],
    [
      'retry while the back end is down',
      snap({ credits, updatedAt: NOW - 120_000, errors: [err('offline')], failures: 2, updating: NOW - 100 }),
      true,
    ],
    ['started just under the cut-off', snap({ credits, updating: NOW - 19_999 }), true],
    ['cut short (worker stopped mid-fetch)', snap({ credits, updating: NOW - 20_000 }), false],
  ])('%s → %s', (_name, snapshot, busy) => {
    expect(deriveStatus(snapshot, NOW, POLL, 'en-US').busy).toBe(busy);
  });

  it('a running fetch never changes the label', () => {
    for (const base of [
      snap({ credits, updatedAt: NOW - 5_000 }),
      snap({ credits, updatedAt: NOW - 5_000, socket: 'connected' }),
      snap({ credits, updatedAt: NOW - 180_000 }),
      snap({ credits, updatedAt: NOW - 60_000, errors: [err('server', '/api/tokens/history')] }),
      snap({ credits, updatedAt: NOW - 60_000, errors: [err('offline')], failures: 3 }),
    ]) {
      const idle = deriveStatus(base, NOW, POLL, 'en-US');
      const busy = deriveStatus({ ...base, updating: NOW - 100 }, NOW, POLL, 'en-US');
      expect([busy.kind, busy.label]).toEqual([idle.kind, idle.label]);
    }
  });
});

describe('isStale', () => {
  it.each<[StatusKind, boolean]>([
    ['loading', false],
    ['live', false],
    ['polling', false],
    ['partial', false],
    ['stale', true],
    ['offline', true],
    ['rate-limited', true],
    ['error', true],
  ])('%s → %s', (kind, expected) => {
    expect(isStale(kind)).toBe(expected);
  });
});
