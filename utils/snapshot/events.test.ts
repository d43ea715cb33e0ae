import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CreditTransaction } from '../meridinate/domain';
import { normaliseTransaction } from '../meridinate/reads';
import { TransactionsSchema, validate } from '../meridinate/schemas';
import { describeEvent } from '../view/present';
import { buildCreditEvents, isZeroEvent, MAX_ZERO_EVENTS, mergeEvents, recentCharges } from './events';
import type { CreditEvent } from './types';

const row = (
  id: number,
  operation: string,
  credits: number,
  timestamp: string | null,
  total?: number,
): CreditTransaction =>
  normaliseTransaction({
    id,
    operation,
    credits,
    timestamp,
    context: total === undefined ? null : { total_credits: total },
  });

const fixture = (version: 'old' | 'head') => {
  const body = JSON.parse(
    readFileSync(
      new URL(`../../tests/fixtures/meridinate/${version}/credits-transactions-limit5.json`, import.meta.url),
      'utf8',
    ),
  );
  const parsed = validate(TransactionsSchema, body);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value.map(normaliseTransaction);
};

describe('buildCreditEvents', () => {
  it.each([
    {
      name: 'single rows newest first',
      rows: [
        row(1, 'market_cap_refresh', 12, '2026-11-23T12:00:00'),
        row(2, 'wallet_refresh', 5, '2026-11-23T12:10:00'),
      ],
      expected: [
        ['wallet_refresh', 5, 1, false],
        ['market_cap_refresh', 12, 1, false],
      ],
    },
    {
      name: 'a burst of one operation within 3 s merges',
      rows: [
        row(1, 'wallet_balance', 1, '2026-11-23T12:00:00'),
        row(2, 'wallet_balance', 1, '2026-11-23T12:00:01'),
        row(3, 'wallet_balance', 1, '2026-11-23T12:00:03'),
      ],
      expected: [['wallet_balance', 3, 3, false]],
    },
    {
      name: 'the same operation further apart stays separate',
      rows: [
        row(1, 'wallet_balance', 1, '2026-11-23T12:00:00'),
        row(2, 'wallet_balance', 1, '2026-11-23T12:00:04'),
      ],
      expected: [
        ['wallet_balance', 1, 1, false],
        ['wallet_balance', 1, 1, false],
      ],
    },
    {
      name: 'another operation in between breaks the burst',
      rows: [
        row(1, 'wallet_balance', 1, '2026-11-23T12:00:00'),
        row(2, 'token_metadata', 1, '2026-11-23T12:00:00'),
        row(3, 'wallet_balance', 1, '2026-11-23T12:00:00'),
      ],
      expected: [
        ['wallet_balance', 1, 1, false],
        ['token_metadata', 1, 1, false],
        ['wallet_balance', 1, 1, false],
      ],
    },
    {
      name: 'a 0-credit token_analysis row is an analysis with its own total',
      rows: [
        row(1, 'transactions_for_address', 100, '2026-11-23T12:00:00'),
        row(2, 'token_analysis', 0, '2026-11-23T12:00:00', 205),
      ],
      expected: [
        ['token_analysis', 205, 1, true],
        ['transactions_for_address', 100, 1, false],
      ],
    },
    {
      name: 'an analysis total that is not a whole number shows 0',
      rows: [row(1, 'token_analysis', 0, '2026-11-23T12:00:00', -3.5)],
      expected: [['token_analysis', 0, 1, true]],
    },
    {
      name: 'rows out of order and duplicated are sorted and de-duplicated by id',
      rows: [
        row(3, 'b', 2, '2026-11-23T12:00:09'),
        row(1, 'a', 1, '2026-11-23T12:00:00'),
        row(3, 'b', 2, '2026-11-23T12:00:09'),
      ],
      expected: [
        ['b', 2, 1, false],
        ['a', 1, 1, false],
      ],
    },
    {
      name: 'rows without a time are kept, never merged',
      rows: [row(1, 'a', 1, null), row(2, 'a', 1, null)],
      expected: [
        ['a', 1, 1, false],
        ['a', 1, 1, false],
      ],
    },
    {
      name: '0-credit rows of one operation fold however far apart',
      rows: Array.from({ length: 12 }, (_, i) =>
        row(i + 1, 'position_check', 0, `2026-11-23T12:${String(i).padStart(2, '0')}:30`),
      ),
      expected: [['position_check', 0, 12, false]],
    },
    {
      name: 'a charge between 0-credit rows splits their run',
      rows: [
        row(1, 'position_check', 0, '2026-11-23T12:00:00'),
        row(2, 'position_check', 0, '2026-11-23T12:00:30'),
        row(3, 'market_cap_refresh', 12, '2026-11-23T12:00:40'),
        row(4, 'position_check', 0, '2026-11-23T12:01:00'),
      ],
      expected: [
        ['position_check', 0, 1, false],
        ['market_cap_refresh', 12, 1, false],
        ['position_check', 0, 2, false],
      ],
    },
    {
      name: 'a 0-credit row never joins a burst of charges of the same name',
      rows: [
        row(1, 'wallet_balance', 1, '2026-11-23T12:00:00'),
        row(2, 'wallet_balance', 0, '2026-11-23T12:00:01'),
        row(3, 'wallet_balance', 1, '2026-11-23T12:00:02'),
      ],
      expected: [
        ['wallet_balance', 1, 1, false],
        ['wallet_balance', 0, 1, false],
        ['wallet_balance', 1, 1, false],
      ],
    },
    {
      name: 'a finished analysis is a charge, not a 0-credit run',
      rows: [
        row(1, 'position_check', 0, '2026-11-23T12:00:00'),
        row(2, 'token_analysis', 0, '2026-11-23T12:00:10', 205),
        row(3, 'position_check', 0, '2026-11-23T12:00:30'),
      ],
      expected: [
        ['position_check', 0, 1, false],
        ['token_analysis', 205, 1, true],
        ['position_check', 0, 1, false],
      ],
    },
    { name: 'no rows', rows: [], expected: [] },
  ])('$name', ({ rows, expected }) => {
    const events = buildCreditEvents(rows, 20);
    expect(events.map((e) => [e.operation, e.credits, e.count, e.analysis])).toEqual(expected);
  });

  it('keeps at most `limit` events, the newest', () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(i + 1, `op${i}`, 1, '2026-11-23T12:00:00'));
    const events = buildCreditEvents(rows, 5);
    expect(events.map((e) => e.id)).toEqual([30, 29, 28, 27, 26]);
  });

  it('0-credit rows never push charges out: every charge stays, with at most a few folded runs', () => {
    // HEAD: a position_check every 30 s, a real charge now and then.
    const rows: CreditTransaction[] = [];
    for (let i = 1; i <= 200; i++) {
      const time = `2026-11-23T12:${String(Math.floor(i / 2) % 60).padStart(2, '0')}:${i % 2 ? '00' : '30'}`;
      rows.push(row(i, i % 10 === 0 ? 'market_cap_refresh' : 'position_check', i % 10 === 0 ? 12 : 0, time));
    }
    const events = buildCreditEvents(rows, 20);
    const charges = events.filter((e) => !isZeroEvent(e));
    expect(charges).toHaveLength(20);
    expect(charges.map((e) => e.id)).toEqual([
      200, 190, 180, 170, 160, 150, 140, 130, 120, 110, 100, 90, 80, 70, 60, 50, 40, 30, 20, 10,
    ]);
    expect(events.filter(isZeroEvent).length).toBeLessThanOrEqual(MAX_ZERO_EVENTS);
    expect(recentCharges(events, 5).map((e) => e.id)).toEqual([200, 190, 180, 170, 160]);
  });

  it('words a folded run as `position_check ×12: 0 cr`', () => {
    const rows = Array.from({ length: 12 }, (_, i) =>
      row(i + 1, 'position_check', 0, `2026-11-23T12:${10 + i}:30`),
    );
    const [run] = buildCreditEvents(rows, 20);
    expect(run && describeEvent(run, 'en-US', 'UTC')).toBe('position_check ×12: 0 cr @ 12:21 PM');
  });

  it('cleans hostile operation names', () => {
    const [event] = buildCreditEvents([row(1, '\u202Eevil\u200B<b>x</b>', 1, '2026-11-23T12:00:00')], 5);
    expect(event?.operation).toBe('evil<b>x</b>');
  });

  it.each(['old', 'head'] as const)(
    'orders the %s fixture (same-second rows, oldest id first) by id',
    (version) => {
      const rows = fixture(version);
      expect(rows.map((r) => r.id)).toEqual([54, 55, 56, 57, 58]);
      const events = buildCreditEvents(rows, 5);
      expect(events[0]?.id).toBe(58);
      expect(events.at(-1)?.firstId).toBe(54);
      expect(events.find((e) => e.operation === 'transactions_for_address')).toMatchObject({
        count: 2,
        credits: 200,
      });
    },
  );
});

describe('mergeEvents', () => {
  const event = (id: number, firstId = id): CreditEvent => ({
    id,
    firstId,
    operation: 'x',
    credits: 1,
    count: id - firstId + 1,
    at: 0,
    analysis: false,
  });

  it.each([
    { name: 'nothing new keeps the known', known: [event(3), event(2)], fresh: [], expected: [3, 2] },
    {
      name: 'new events go first',
      known: [event(2), event(1)],
      fresh: [event(4), event(3)],
      expected: [4, 3, 2, 1],
    },
    {
      name: 'a burst that grew replaces its older version',
      known: [event(5, 3), event(2)],
      fresh: [event(7, 3)],
      expected: [7, 2],
    },
    {
      name: 'an event seen twice is kept once',
      known: [event(3), event(2)],
      fresh: [event(3), event(2)],
      expected: [3, 2],
    },
  ])('$name', ({ known, fresh, expected }) => {
    expect(mergeEvents(known, fresh, 20).map((e) => e.id)).toEqual(expected);
  });

  it('joins a 0-credit run split across two fetched pages, and keeps charges first', () => {
    const zero = (id: number, firstId: number): CreditEvent => ({
      ...event(id, firstId),
      operation: 'position_check',
      credits: 0,
    });
    const merged = mergeEvents([zero(10, 5), event(4)], [zero(14, 11)], 20);
    expect(merged.map((e) => [e.id, e.firstId, e.count])).toEqual([
      [14, 5, 10],
      [4, 4, 1],
    ]);
    const known = Array.from({ length: 20 }, (_, i) => event(20 - i));
    const withRuns = mergeEvents(known, [zero(30, 30), event(29), zero(28, 28), event(27), zero(26, 26)], 20);
    expect(withRuns.filter((e) => !isZeroEvent(e))).toHaveLength(20);
    expect(withRuns.filter(isZeroEvent)).toHaveLength(3);
  });

  it('caps the result', () => {
    const known = Array.from({ length: 20 }, (_, i) => event(20 - i));
    expect(mergeEvents(known, [event(21)], 20)).toHaveLength(20);
  });
});
