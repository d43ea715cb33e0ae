import { describe, expect, it } from 'vitest';
import { offsetMayHaveChanged, zoneOffsetAt } from './zones';

const at = (iso: string) => Date.parse(iso);

describe('zoneOffsetAt', () => {
  it.each<[string, string, number | null]>([
    ['UTC', '2026-06-01T12:00:00Z', 0],
    ['Europe/Berlin', '2026-01-15T12:00:00Z', 60],
    ['Europe/Berlin', '2026-07-15T12:00:00Z', 120],
    ['America/New_York', '2026-01-15T12:00:00Z', -300],
    ['America/St_Johns', '2026-11-02T12:00:00Z', -210],
    ['Asia/Kolkata', '2026-03-01T00:00:00Z', 330],
    ['Pacific/Kiritimati', '2026-03-01T00:00:00Z', 840],
    ['Pacific/Chatham', '2026-01-15T00:00:00Z', 825],
    ['Not/AZone', '2026-01-15T00:00:00Z', null],
  ])('%s at %s: %s', (zone, iso, expected) => {
    expect(zoneOffsetAt(zone, at(iso))).toBe(expected);
  });
});

describe('offsetMayHaveChanged (first seen with this offset: did some zone with it change since?)', () => {
  it.each<[string, number, string, string, boolean]>([
    // Europe springs forward on 2026-03-29 at 01:00 UTC: a server at +120 that afternoon may be one.
    ['Berlin, change day, after the change', 120, '2026-03-28T22:00:00Z', '2026-03-29T09:00:00Z', true],
    ['Berlin, the day after', 120, '2026-03-29T22:00:00Z', '2026-03-30T09:00:00Z', false],
    ['Berlin, an ordinary winter day', 60, '2026-01-14T23:00:00Z', '2026-01-15T09:00:00Z', false],
    // New York falls back on 2026-11-01 at 06:00 UTC.
    ['New York, fall change day', -300, '2026-11-01T05:00:00Z', '2026-11-01T15:00:00Z', true],
    ['New York, spring change day 2027', -240, '2027-03-14T05:00:00Z', '2027-03-15T00:09:00Z', true],
    ['St John’s, fall change day', -210, '2026-11-01T03:30:00Z', '2026-11-01T15:16:00Z', true],
    [
      'a UTC server on Europe’s change day (the Azores move to +0 then)',
      0,
      '2026-03-29T00:00:00Z',
      '2026-03-29T12:00:00Z',
      true,
    ],
    ['a UTC server on an ordinary day', 0, '2026-02-10T00:00:00Z', '2026-02-10T12:00:00Z', false],
    ['Kiritimati (no DST), any day', 840, '2026-03-28T10:00:00Z', '2026-03-29T09:00:00Z', false],
    ['Kolkata (no DST) on Europe’s change day', 330, '2026-03-28T18:30:00Z', '2026-03-29T09:00:00Z', false],
  ])('%s', (_name, offset, from, to, expected) => {
    expect(offsetMayHaveChanged(offset, at(from), at(to))).toBe(expected);
  });
});
