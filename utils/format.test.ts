import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanDisplayText,
  displayTokenName,
  formatAge,
  formatClock,
  formatCompact,
  formatCount,
  formatDuration,
  formatWhen,
  shortAddress,
} from './format';

/** Reads a fixture body recorded from the real backend (tests/fixtures/meridinate). */
function fixture(path: string): unknown {
  return JSON.parse(readFileSync(new URL(`../tests/fixtures/meridinate/${path}`, import.meta.url), 'utf8'));
}

interface FixtureToken {
  id: number;
  token_address: string;
  token_name: string | null;
  token_symbol: string | null;
}

const tokens = (fixture('old/tokens-history.json') as { tokens: FixtureToken[] }).tokens;

function token(id: number): FixtureToken {
  const found = tokens.find((t) => t.id === id);
  if (found === undefined) throw new Error(`fixture token ${id} missing`);
  return found;
}

/** Newer ICU puts U+202F (narrow no-break space) before AM/PM; compare shapes, not the space variant. */
const norm = (s: string): string => s.replace(/[\u202f\u00a0]/g, ' ');

const codePoints = (s: string): number => Array.from(s).length;

/** True when the string contains an unpaired surrogate (i.e. a surrogate pair was split). */
const hasLoneSurrogate = (s: string): boolean =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Code points that must never survive cleaning (controls, bidi, zero-width, invisible). */
/** Positions of joiners in `text` that do not sit between two emoji (modifiers allowed on the left). */
function joinersOutsideEmoji(text: string): number[] {
  const chars = Array.from(text);
  const emoji = (c: string | undefined) => c !== undefined && /\p{Extended_Pictographic}/u.test(c);
  const bad: number[] = [];
  chars.forEach((c, i) => {
    if (c !== '\u200D') return;
    let j = i - 1;
    while (j >= 0 && /^[\uFE0F\u{1F3FB}-\u{1F3FF}]$/u.test(chars[j] ?? '')) j--;
    if (!emoji(chars[j]) || !emoji(chars[i + 1])) bad.push(i);
  });
  return bad;
}

function isStripped(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return (
    cp <= 0x1f ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0xad ||
    cp === 0x061c ||
    cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2069) ||
    cp === 0xfeff
  );
}

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatCount', () => {
  it.each<[number, string, string]>([
    [0, '0', '0'],
    [-0, '0', '0'],
    [7, '7', '7'],
    [999, '999', '999'],
    [1000, '1,000', '1.000'],
    [1753, '1,753', '1.753'],
    [12_345, '12,345', '12.345'],
    [1_234_567, '1,234,567', '1.234.567'],
    [-1753, '-1,753', '-1.753'],
    [1234.5, '1,234.5', '1.234,5'],
    [0.125, '0.13', '0,13'],
    [2.0, '2', '2'],
    [Number.MAX_SAFE_INTEGER, '9,007,199,254,740,991', '9.007.199.254.740.991'],
  ])('%d → %s (en-US) / %s (de-DE)', (n, en, de) => {
    expect(formatCount(n, 'en-US')).toBe(en);
    expect(formatCount(n, 'de-DE')).toBe(de);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('%d → ?', (n) => {
    expect(formatCount(n, 'en-US')).toBe('?');
  });

  it('falls back to the default locale for a malformed tag instead of throwing', () => {
    expect(formatCount(1753, 'not a locale!!')).toMatch(/^1\D?753$/);
  });

  it('works without a locale', () => {
    expect(formatCount(1753)).toMatch(/^1\D?753$/);
  });
});

describe('formatCompact', () => {
  it.each<[number, string]>([
    [0, '0'],
    [-0, '0'],
    [0.4, '0'],
    [0.5, '1'],
    [1, '1'],
    [9, '9'],
    [10, '10'],
    [99, '99'],
    [842, '842'],
    [999, '999'],
    [999.4, '999'],
    [999.5, '1k'],
    [1000, '1k'],
    [1049, '1k'],
    [1050, '1.1k'],
    [1150, '1.2k'],
    [1234, '1.2k'],
    [1250, '1.3k'],
    [1949, '1.9k'],
    [1950, '2k'],
    [9949, '9.9k'],
    [9950, '10k'],
    [10_000, '10k'],
    [15_000, '15k'],
    [99_499, '99k'],
    [99_500, '100k'],
    [999_499, '999k'],
    [999_500, '1M'],
    [999_999, '1M'],
    [1_000_000, '1M'],
    [1_049_999, '1M'],
    [1_050_000, '1.1M'],
    [1_150_000, '1.2M'],
    [1_250_000, '1.3M'],
    [12_345_678, '12M'],
    [999_999_999, '1B'],
    [1_500_000_000, '1.5B'],
    [1e12, '1T'],
    [999_499_999_999_999, '999T'],
    [999.5e12, '?'],
    [Number.MAX_SAFE_INTEGER, '?'],
    [Number.MAX_VALUE, '?'],
    [-1, '?'],
    [-0.4, '?'],
    [-1000, '?'],
    [Number.NaN, '?'],
    [Number.POSITIVE_INFINITY, '?'],
    [Number.NEGATIVE_INFINITY, '?'],
  ])('%d → %s', (n, expected) => {
    expect(formatCompact(n)).toBe(expected);
  });

  const shape = /^(?:\d{1,3}|\d(?:\.\d)?[kMBT]|\d{2,3}[kMBT]|\?)$/;

  it('never exceeds 4 characters for every integer up to 2,000,000', () => {
    let previous = -1;
    for (let n = 0; n <= 2_000_000; n++) {
      const s = formatCompact(n);
      if (s.length > 4 || !shape.test(s)) throw new Error(`${n} → ${s}`);
      // Displayed values never go down as the count goes up.
      const shown = Number.parseFloat(s) * ({ k: 1e3, M: 1e6 }[s.slice(-1)] ?? 1);
      if (shown < previous) throw new Error(`${n} → ${s} is below the previous value`);
      previous = shown;
    }
  });

  it('property: at most 4 characters and within 5% of the value, up to 999 trillion', () => {
    const scale: Record<string, number> = { k: 1e3, M: 1e6, B: 1e9, T: 1e12 };
    fc.assert(
      fc.property(fc.double({ min: 0, max: 999.49e12, noNaN: true }), (n) => {
        const s = formatCompact(n);
        expect(s.length).toBeLessThanOrEqual(4);
        expect(s).toMatch(shape);
        const shown = Number.parseFloat(s) * (scale[s.slice(-1)] ?? 1);
        if (n >= 1000) expect(Math.abs(shown - n) / n).toBeLessThanOrEqual(0.05);
        else expect(shown).toBe(Math.round(n));
      }),
    );
  });
});

describe('formatClock', () => {
  const at = (h: number, m: number, s = 0): number => Date.UTC(2026, 10, 23, h, m, s);

  it.each<[string, number, string, string]>([
    ['evening', at(22, 20, 5), '10:20 PM', '22:20'],
    ['midnight', at(0, 0), '12:00 AM', '00:00'],
    ['one minute past midnight', at(0, 1), '12:01 AM', '00:01'],
    ['morning, 2-digit hour', at(9, 5), '09:05 AM', '09:05'],
    ['noon', at(12, 0), '12:00 PM', '12:00'],
    ['12:34', at(12, 34), '12:34 PM', '12:34'],
    ['seconds are dropped, not rounded', at(23, 59, 59), '11:59 PM', '23:59'],
  ])('%s in UTC', (_label, ms, en, de) => {
    expect(norm(formatClock(ms, 'en-US', 'UTC'))).toBe(en);
    expect(formatClock(ms, 'de-DE', 'UTC')).toBe(de);
  });

  it.each<[string, string, string]>([
    ['UTC', '10:20 PM', '22:20'],
    ['Europe/Berlin', '11:20 PM', '23:20'],
    ['America/New_York', '05:20 PM', '17:20'],
    ['Asia/Kolkata', '03:50 AM', '03:50'],
    ['Asia/Kathmandu', '04:05 AM', '04:05'],
  ])('in %s', (timeZone, en, de) => {
    expect(norm(formatClock(at(22, 20, 5), 'en-US', timeZone))).toBe(en);
    expect(formatClock(at(22, 20, 5), 'de-DE', timeZone)).toBe(de);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 8.64e15 + 1])('%d → ?', (ms) => {
    expect(formatClock(ms, 'en-US', 'UTC')).toBe('?');
  });

  it('keeps the locale when the time zone is unknown, and does not throw', () => {
    expect(formatClock(at(22, 20), 'de-DE', 'Mars/Olympus_Mons')).toMatch(/^\d\d:20$/);
  });

  it('keeps the time zone when the locale is malformed, and does not throw', () => {
    expect(formatClock(at(22, 20), 'not a locale!!', 'UTC')).toMatch(/(?:10|22):20/);
  });
});

describe('formatWhen', () => {
  const at = (zone: string, local: string) => {
    // The epoch ms of a wall-clock time in `zone`, found by correcting a UTC guess by the zone's offset.
    const guess = Date.parse(`${local}Z`);
    const offset = (ms: number) =>
      new Date(new Date(ms).toLocaleString('en-US', { timeZone: zone })).getTime() -
      new Date(new Date(ms).toLocaleString('en-US', { timeZone: 'UTC' })).getTime();
    // Twice: the offset at the guess may be the other side of a DST change.
    return guess - offset(guess - offset(guess));
  };

  // [case, zone, now (local), moment (local), en-US text, de-DE text]
  it.each<[string, string, string, string, string, string]>([
    ['today', 'UTC', '2026-12-06T12:45', '2026-12-06T12:40', '12:40 PM', '12:40'],
    ['today, from midnight', 'UTC', '2026-12-06T00:34', '2026-12-06T00:00', '12:00 AM', '00:00'],
    ['yesterday', 'UTC', '2026-12-06T12:45', '2026-12-05T23:10', 'yesterday 11:10 PM', 'yesterday 23:10'],
    [
      'yesterday, one second before midnight',
      'UTC',
      '2026-12-06T00:00',
      '2026-12-05T23:59:59',
      'yesterday 11:59 PM',
      'yesterday 23:59',
    ],
    [
      'yesterday, its first minute, late tonight',
      'UTC',
      '2026-12-06T23:59',
      '2026-12-05T00:00',
      'yesterday 12:00 AM',
      'yesterday 00:00',
    ],
    ['two days ago, though under 25 h', 'UTC', '2026-12-06T00:10', '2026-12-04T23:50', 'Dec 4', '4. Dez.'],
    ['nine days ago', 'UTC', '2026-12-06T12:00', '2026-11-27T23:10', 'Nov 27', '27. Nov.'],
    ['last year', 'UTC', '2026-01-02T12:00', '2025-12-20T08:00', 'Dec 20, 2025', '20. Dez. 2025'],
    [
      'tomorrow (a clock ahead of ours) is dated',
      'UTC',
      '2026-12-06T23:00',
      '2026-12-07T00:10',
      'Dec 7',
      '7. Dez.',
    ],
    // Spring forward (Berlin, 29 Mar 2026, 02:00 → 03:00): the day is 23 h long.
    [
      'spring-forward day, before the jump',
      'Europe/Berlin',
      '2026-03-29T04:00',
      '2026-03-29T01:30',
      '01:30 AM',
      '01:30',
    ],
    [
      'after spring-forward, 23 h back is yesterday',
      'Europe/Berlin',
      '2026-03-30T00:30',
      '2026-03-29T00:40',
      'yesterday 12:40 AM',
      'yesterday 00:40',
    ],
    // Fall back (Berlin, 25 Oct 2026, 03:00 → 02:00): the day is 25 h long.
    [
      'after fall-back, 24 h 20 min back is still yesterday',
      'Europe/Berlin',
      '2026-10-26T00:30',
      '2026-10-25T00:10',
      'yesterday 12:10 AM',
      'yesterday 00:10',
    ],
    [
      'fall-back day, 24 h back is still today',
      'Europe/Berlin',
      '2026-10-25T23:30',
      '2026-10-25T00:30',
      '12:30 AM',
      '00:30',
    ],
    [
      'New York, the evening before',
      'America/New_York',
      '2026-12-06T08:00',
      '2026-12-05T22:00',
      'yesterday 10:00 PM',
      'yesterday 22:00',
    ],
  ])('%s', (_label, zone, now, moment, en, de) => {
    const nowMs = at(zone, now);
    const ms = at(zone, moment);
    expect(norm(formatWhen(ms, nowMs, 'en-US', zone).text)).toBe(en);
    // Words follow the UI language (English in tests); numbers and dates follow the locale.
    expect(formatWhen(ms, nowMs, 'de-DE', zone).text).toBe(de);
  });

  it('gives the full date and time in the tooltip, with the age in days once older than yesterday', () => {
    const now = Date.UTC(2026, 11, 6, 12);
    expect(norm(formatWhen(Date.UTC(2026, 11, 6, 12, 40), now, 'en-US', 'UTC').title)).toBe(
      'Sunday, December 6, 2026 at 12:40 PM',
    );
    expect(norm(formatWhen(Date.UTC(2026, 11, 5, 23, 10), now, 'en-US', 'UTC').title)).toBe(
      'Saturday, December 5, 2026 at 11:10 PM',
    );
    expect(norm(formatWhen(Date.UTC(2026, 10, 27, 23, 10), now, 'en-US', 'UTC').title)).toBe(
      'Friday, November 27, 2026 at 11:10 PM · 9 days ago',
    );
  });

  it('says ? for an invalid moment, and dates everything when now is unknown', () => {
    expect(formatWhen(Number.NaN, 0)).toEqual({ text: '?', title: '?' });
    expect(formatWhen(Date.UTC(2026, 10, 27, 23, 10), Number.NaN, 'en-US', 'UTC').text).toBe('Nov 27, 2026');
  });
});

describe('formatAge', () => {
  it.each<[number, string, string]>([
    [0, 'just now', 'just now'],
    [1, 'just now', 'just now'],
    [9_999, 'just now', 'just now'],
    [10_000, '10 s ago', '10 s ago'],
    [10_999, '10 s ago', '10 s ago'],
    [25 * SEC, '25 s ago', '25 s ago'],
    [59_999, '59 s ago', '59 s ago'],
    [MIN, '1 min ago', '1 min ago'],
    [2 * MIN, '2 min ago', '2 min ago'],
    [3 * MIN - 1, '2 min ago', '2 min ago'],
    [HOUR - 1, '59 min ago', '59 min ago'],
    [HOUR, '1 h ago', '1 h ago'],
    [3 * HOUR, '3 h ago', '3 h ago'],
    [DAY - 1, '23 h ago', '23 h ago'],
    [DAY, '1 d ago', '1 d ago'],
    [2 * DAY, '2 d ago', '2 d ago'],
    [400 * DAY, '400 d ago', '400 d ago'],
    [1234 * DAY, '1,234 d ago', '1.234 d ago'],
    [-1, 'just now', 'just now'],
    [-5 * SEC, 'just now', 'just now'],
    [-HOUR, 'just now', 'just now'],
    [Number.NEGATIVE_INFINITY, 'just now', 'just now'],
    [Number.NaN, '?', '?'],
    [Number.POSITIVE_INFINITY, '?', '?'],
  ])('%d ms → %s / %s', (age, en, de) => {
    expect(formatAge(age, 'en-US')).toBe(en);
    expect(formatAge(age, 'de-DE')).toBe(de);
  });

  it('works without a locale', () => {
    expect(formatAge(25 * SEC)).toBe('25 s ago');
  });
});

describe('formatDuration', () => {
  it.each<[number, string, string]>([
    [0, '0 s', '0 s'],
    [-5, '0 s', '0 s'],
    [-HOUR, '0 s', '0 s'],
    [1, '1 s', '1 s'],
    [999, '1 s', '1 s'],
    [SEC, '1 s', '1 s'],
    [SEC + 1, '2 s', '2 s'],
    [19_200, '20 s', '20 s'],
    [20 * SEC, '20 s', '20 s'],
    [59 * SEC, '59 s', '59 s'],
    [59 * SEC + 1, '1 min', '1 min'],
    [MIN, '1 min', '1 min'],
    [MIN + SEC, '2 min', '2 min'],
    [2 * MIN, '2 min', '2 min'],
    [15 * MIN, '15 min', '15 min'],
    [59 * MIN, '59 min', '59 min'],
    [59 * MIN + 1, '1 h', '1 h'],
    [HOUR, '1 h', '1 h'],
    [HOUR + 1, '2 h', '2 h'],
    [DAY, '24 h', '24 h'],
    [1000 * HOUR, '1,000 h', '1.000 h'],
    [Number.NaN, '?', '?'],
    [Number.POSITIVE_INFINITY, '?', '?'],
    [Number.NEGATIVE_INFINITY, '?', '?'],
  ])('%d ms → %s / %s', (ms, en, de) => {
    expect(formatDuration(ms, 'en-US')).toBe(en);
    expect(formatDuration(ms, 'de-DE')).toBe(de);
  });

  it('works without a locale', () => {
    expect(formatDuration(20 * SEC)).toBe('20 s');
  });
});

describe('cleanDisplayText: basics', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['number', 123],
    ['boolean', true],
    ['object', { toString: () => 'x' }],
    ['array', ['x']],
    ['String object', new String('x')],
    ['symbol', Symbol('x')],
  ])('%s → empty', (_label, input) => {
    expect(cleanDisplayText(input)).toBe('');
  });

  it.each<[string, string, string]>([
    ['plain', 'Bonk Ultra', 'Bonk Ultra'],
    ['empty', '', ''],
    ['only spaces', '    ', ''],
    ['trim', '  Bonk  ', 'Bonk'],
    ['collapse', 'Bonk    Ultra', 'Bonk Ultra'],
    ['tab and newlines', 'Bonk\t\r\n\v\fUltra', 'Bonk Ultra'],
    ['Unicode spaces', '\u00a0a\u1680b\u2003c\u202fd\u205fe\u3000f\u2028g\u2029h', 'a b c d e f g h'],
    ['HTML is left alone (render as text)', '<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
    ['quotes and backslashes', `Tom & Jerry's "Coin" \\`, `Tom & Jerry's "Coin" \\`],
    ['lone high surrogate', 'a\uD800b', 'ab'],
    ['lone low surrogate', 'a\uDC00b', 'ab'],
    ['high surrogate at end', 'ab\uD83D', 'ab'],
    ['reversed pair', 'a\uDE00\uD83Db', 'ab'],
    ['valid pair', 'a\uD83D\uDE00b', 'a😀b'],
    ['CJK', '月球狗', '月球狗'],
    ['astral letters', '𝕄𝕆𝕆ℕ', '𝕄𝕆𝕆ℕ'],
    ['skin tone modifier kept', '👍🏽', '👍🏽'],
    ['emoji variation selector kept', '❤\uFE0F', '❤\uFE0F'],
    ['keycap kept', '1\uFE0F\u20E3', '1\uFE0F\u20E3'],
    ['flag kept', '🇩🇪', '🇩🇪'],
    ['ZWJ emoji sequence keeps its joiner', '🐕\u200D🦺', '🐕\u200D🦺'],
    ['family stays one family', '👨\u200D👩\u200D👧\u200D👦', '👨\u200D👩\u200D👧\u200D👦'],
    ['joiner after a variation selector', '🏳\uFE0F\u200D🌈', '🏳\uFE0F\u200D🌈'],
    ['joiner after a skin tone', '👩🏽\u200D💻', '👩🏽\u200D💻'],
    ['joiner between letters removed', 'ev\u200Dil', 'evil'],
    ['joiner between a letter and an emoji removed', 'a\u200D👍', 'a👍'],
    ['joiner between an emoji and a letter removed', '👍\u200Da', '👍a'],
    ['leading joiner removed', '\u200D👍', '👍'],
    ['trailing joiner removed', '👍\u200D', '👍'],
    ['joiner across a space removed', '👍 \u200D👍', '👍 👍'],
    ['doubled joiner kept once', '👍\u200D\u200D👍', '👍\u200D👍'],
    ['joiner before a removed character removed', '👍\u200D\u200B👍', '👍👍'],
    ['joiner between digits removed', '1\u200D2', '12'],
    ['noncharacters', 'a\uFFFEb\uFFFFc', 'abc'],
    ['removed chars do not leave double spaces', 'a \u200B b', 'a b'],
    ['removed chars between words join them', 'ev\u200Bil', 'evil'],
  ])('%s', (_label, input, expected) => {
    expect(cleanDisplayText(input)).toBe(expected);
  });

  const ranges: Array<[number, number]> = [
    [0x00, 0x08],
    [0x0e, 0x1f],
    [0x7f, 0x9f],
    [0xad, 0xad],
    [0x061c, 0x061c],
    [0x180e, 0x180e],
    [0x200b, 0x200f],
    [0x202a, 0x202e],
    [0x2060, 0x2064],
    [0x2066, 0x2069],
    [0xfeff, 0xfeff],
  ];
  const removed = ranges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));

  it.each(removed.map((cp) => [`U+${cp.toString(16).toUpperCase().padStart(4, '0')}`, cp] as const))(
    'removes %s',
    (_label, cp) => {
      const ch = String.fromCodePoint(cp);
      expect(cleanDisplayText(`a${ch}b`)).toBe('ab');
      expect(cleanDisplayText(`${ch}${ch}x${ch}`)).toBe('x');
      expect(cleanDisplayText(ch.repeat(50))).toBe('');
    },
  );

  it.each([0x09, 0x0a, 0x0b, 0x0c, 0x0d])('C0 whitespace U+%s becomes a space', (cp) => {
    expect(cleanDisplayText(`a${String.fromCodePoint(cp)}b`)).toBe('a b');
  });
});

describe('cleanDisplayText: combining marks', () => {
  const acute = '\u0301';
  it.each<[string, string, string]>([
    ['one mark kept', `e${acute}`, `e${acute}`],
    ['two marks kept (Vietnamese ỗ decomposed)', 'o\u0302\u0303', 'o\u0302\u0303'],
    ['precomposed Vietnamese untouched', 'Chuỗi', 'Chuỗi'],
    ['three marks → two', `e${acute}${acute}${acute}`, `e${acute}${acute}`],
    ['flood → two', `e${acute.repeat(500)}`, `e${acute}${acute}`],
    [
      'per base, not per string',
      `a${acute.repeat(9)}b${acute.repeat(9)}c`,
      `a${acute}${acute}b${acute}${acute}c`,
    ],
    ['mixed mark kinds count together', 'Z\u0300\u0316\u0340\u0353\u0489', 'Z\u0300\u0316'],
    ['leading marks', `${acute.repeat(5)}a`, `${acute}${acute}a`],
    [
      'invisible chars between marks do not reset the count',
      `e${acute}\u200B${acute}\u200B${acute}`,
      `e${acute}${acute}`,
    ],
    ['Arabic with harakat', 'بِسْمِ', 'بِسْمِ'],
    ['Devanagari', 'नमस्ते', 'नमस्ते'],
    [
      'zalgo text',
      'H\u0338\u0321\u032a\u032f\u0368\u034a\u033d\u0305\u033e\u030e\u0228\u032c\u0329\u033e\u035b\u036a\u0308\u0301\u0300\u0301\u0358',
      'H\u0338\u0321\u0228\u032c\u0329',
    ],
  ])('%s', (_label, input, expected) => {
    expect(cleanDisplayText(input)).toBe(expected);
  });
});

describe('cleanDisplayText: length cap', () => {
  it.each<[string, string, number, string]>([
    ['under the cap', 'abc', 5, 'abc'],
    ['exactly the cap', 'abcde', 5, 'abcde'],
    ['one over', 'abcdef', 5, 'abcde…'],
    ['cut before a space', 'abc def', 4, 'abc…'],
    ['cut at a space keeps no trailing space', 'abc def', 3, 'abc…'],
    ['cut after a space', 'abc def', 5, 'abc d…'],
    ['trailing whitespace does not count', 'abc     ', 3, 'abc'],
    ['leading whitespace does not count', '     abc', 3, 'abc'],
    ['removed chars do not count', 'a\u200Bb\u202Ec', 3, 'abc'],
    ['cap after removals', '\u202E\u200Babcdef', 3, 'abc…'],
    ['surrogate pair at the cut', 'ab😀c', 3, 'ab😀…'],
    ['surrogate pair just past the cut', 'abc😀', 3, 'abc…'],
    ['all astral', '😀'.repeat(10), 3, '😀😀😀…'],
    ['astral letters', '𝕄𝕆𝕆ℕ𝕄𝕆𝕆ℕ', 4, '𝕄𝕆𝕆ℕ…'],
    ['CJK', '月球狗月球狗', 2, '月球…'],
    ['marks count as code points', `e\u0301\u0301x`, 2, 'e\u0301…'],
    ['zero becomes one', 'abcd', 0, 'a…'],
    ['negative becomes one', 'abcd', -5, 'a…'],
    ['fractional is floored', 'abcd', 2.9, 'ab…'],
  ])('%s', (_label, input, maxChars, expected) => {
    const out = cleanDisplayText(input, maxChars);
    expect(out).toBe(expected);
    expect(hasLoneSurrogate(out)).toBe(false);
    expect(codePoints(out)).toBeLessThanOrEqual(Math.max(1, Math.floor(maxChars)) + 1);
  });

  it('NaN means the default cap of 120', () => {
    expect(cleanDisplayText('a'.repeat(200), Number.NaN)).toBe(`${'a'.repeat(120)}…`);
  });

  it('Infinity disables the cap', () => {
    expect(cleanDisplayText('a'.repeat(10_000), Number.POSITIVE_INFINITY)).toBe('a'.repeat(10_000));
  });

  it('never splits a surrogate pair at any cut point', () => {
    const input = 'a😀b𝕄\u{1F415}cd🇩🇪e';
    for (let max = 1; max <= 14; max++) {
      const out = cleanDisplayText(input, max);
      expect(hasLoneSurrogate(out)).toBe(false);
      expect(codePoints(out)).toBeLessThanOrEqual(max + 1);
    }
  });

  it('property: well-formed, capped, no controls, no double spaces, idempotent', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        (s, max) => {
          const out = cleanDisplayText(s, max);
          expect(hasLoneSurrogate(out)).toBe(false);
          expect(codePoints(out)).toBeLessThanOrEqual(max + 1);
          expect(
            Array.from(out)
              .filter(isStripped)
              .filter((c) => c !== '\u200d'),
          ).toEqual([]);
          expect(joinersOutsideEmoji(out)).toEqual([]);
          expect(out).not.toMatch(/\s\s|^\s|\s$/);
          if (!out.endsWith('…')) expect(cleanDisplayText(out, max)).toBe(out);
        },
      ),
    );
  });
});

describe('cleanDisplayText: emoji ZWJ sequences', () => {
  const emoji = fc.constantFrom('👨', '👩', '👧', '🐕', '🦺', '🏳\uFE0F', '👩🏽', '💻', '❤\uFE0F', '🔥');
  const other = fc.constantFrom('a', ' ', '1', '\u200B', '\u202E', '\u200D', 'é', '月');

  it('property: a sequence of emoji joined by ZWJ comes out unchanged (one picture)', () => {
    fc.assert(
      fc.property(fc.array(emoji, { minLength: 2, maxLength: 6 }), (parts) => {
        const sequence = parts.join('\u200D');
        expect(cleanDisplayText(sequence, Number.POSITIVE_INFINITY)).toBe(sequence);
        expect(cleanDisplayText(`Family ${sequence} coin`, Number.POSITIVE_INFINITY)).toBe(
          `Family ${sequence} coin`,
        );
      }),
    );
  });

  it('property: every joiner kept sits between two emoji; the rest are gone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(emoji, other), { maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        (parts, max) => {
          const out = cleanDisplayText(parts.join(''), max);
          expect(joinersOutsideEmoji(out)).toEqual([]);
          expect(out.endsWith('\u200D…')).toBe(false);
        },
      ),
    );
  });

  it('a cut inside a sequence leaves no dangling joiner', () => {
    expect(cleanDisplayText('👨\u200D👩\u200D👧\u200D👦', 2)).toBe('👨…');
    expect(cleanDisplayText('👨\u200D👩\u200D👧\u200D👦', 3)).toBe('👨\u200D👩…');
  });
});

describe('cleanDisplayText: large inputs', () => {
  const cases: Array<[string, () => string, string | null]> = [
    ['10,000 letters', () => 'a'.repeat(10_000), `${'a'.repeat(120)}…`],
    ['10,000 words', () => 'ab '.repeat(3_334), `${'ab '.repeat(40).trimEnd()}…`],
    ['10,000 zero-width spaces', () => '\u200B'.repeat(10_000), ''],
    ['1,000,000 letters', () => 'x'.repeat(1_000_000), `${'x'.repeat(120)}…`],
    ['1,000,000 zero-width spaces', () => '\u200B'.repeat(1_000_000), ''],
    ['1,000,000 spaces', () => ' '.repeat(1_000_000), ''],
    ['1,000,000 spaces then a letter', () => `${' '.repeat(999_999)}z`, 'z'],
    ['1,000,000 RTL overrides', () => '\u202E'.repeat(1_000_000), ''],
    ['1,000,000 combining marks', () => `a${'\u0301'.repeat(999_999)}`, 'a\u0301\u0301'],
    ['zero-width interleaved', () => 'a\u200B'.repeat(500_000), `${'a'.repeat(120)}…`],
    ['500,000 emoji (1,000,000 UTF-16 units)', () => '😀'.repeat(500_000), `${'😀'.repeat(120)}…`],
    ['1,000,000 lone surrogates', () => '\uD800'.repeat(1_000_000), ''],
    ['1,000,000 mixed hostile', () => '\u202Eé\u0301\u0301\u0301\u200D \t'.repeat(125_000), null],
  ];

  it.each(cases)('%s', (_label, make, expected) => {
    const input = make();
    const started = performance.now();
    const out = cleanDisplayText(input);
    const elapsed = performance.now() - started;
    if (expected !== null) expect(out).toBe(expected);
    expect(codePoints(out)).toBeLessThanOrEqual(121);
    expect(hasLoneSurrogate(out)).toBe(false);
    // Linear work is a few ms here; a quadratic implementation would take minutes. Generous for slow CI.
    expect(elapsed).toBeLessThan(2_000);
  });

  it('a 1,000,000-character input with a small cap returns at most maxChars + 1 code points', () => {
    for (const max of [1, 10, 40, 120, 500]) {
      expect(codePoints(cleanDisplayText('ab\u0301 '.repeat(250_000), max))).toBeLessThanOrEqual(max + 1);
    }
  });
});

describe('cleanDisplayText: recorded hostile token names', () => {
  it.each<[number, string, string]>([
    [8, 'Bonk Ultra', 'BONKU'],
    [7, 'Unknown', 'UNK'],
    [6, 'evil token with RTL override', 'RTL'],
    [5, `Tom & Jerry's "Coin" \\ </script><script>alert('x')</script>`, 'T&J'],
    [4, '<img src=x onerror=alert(1)>', '<b>XSS</b>'],
    [3, '🚀 Moon Doge 月球狗 🐕\u200D🦺 𝕄𝕆𝕆ℕ', '🚀MDOGE'],
    [
      2,
      'The Extraordinarily Long Token Name That Keeps Going And Going To Break Every Truncation Rule In The ' +
        'Status Bar And Tool…',
      'LONGLONGLONGSYMBOL',
    ],
    [1, 'Chuỗi', 'CHUOI'],
  ])('token %i', (id, name, symbol) => {
    const t = token(id);
    expect(cleanDisplayText(t.token_name)).toBe(name);
    expect(cleanDisplayText(t.token_symbol)).toBe(symbol);
  });

  it('the RTL-override name really contains the controls it strips', () => {
    const raw = token(6).token_name ?? '';
    expect(raw).toContain('\u202E');
    expect(raw).toContain('\u200B');
    expect(cleanDisplayText(raw)).not.toMatch(/[\u202a-\u202e\u200b-\u200d]/);
  });

  it('the 174-character name is cut to 120 code points plus an ellipsis', () => {
    const raw = token(2).token_name ?? '';
    expect(codePoints(raw)).toBe(174);
    const out = cleanDisplayText(raw);
    expect(codePoints(out)).toBe(121);
    expect(out.endsWith('…')).toBe(true);
  });

  it.each<[number, string]>([
    [40, 'The Extraordinarily Long Token Name That…'],
    [41, 'The Extraordinarily Long Token Name That…'],
    [42, 'The Extraordinarily Long Token Name That K…'],
    [174, token(2).token_name ?? ''],
  ])('the 174-character name at maxChars %i', (max, expected) => {
    expect(cleanDisplayText(token(2).token_name, max)).toBe(expected);
  });

  it('the WebSocket frame names are cleaned the same way', () => {
    const frames = fixture('old/ws-frames.json') as Array<{ data?: { token_name?: unknown } }>;
    expect(frames.map((f) => cleanDisplayText(f.data?.token_name))).toEqual([
      '',
      '<img src=x onerror=alert(1)>',
      '🚀 Moon',
    ]);
  });
});

describe('shortAddress', () => {
  it.each<[string, unknown, string]>([
    ['pump mint', 'CCg39mfUrjUwHrddEwXs36r9V11a2v2Q8iwmx3Dpump', 'CCg3…pump'],
    ['wallet', 'Leq4fmfdyKCSsTdqqrnicNf4fHRwsDmhZJvxdLDZab7k', 'Leq4…ab7k'],
    ['13 characters', 'abcdefghijklm', 'abcd…jklm'],
    ['12 characters', 'abcdefghijkl', 'abcdefghijkl'],
    ['short', 'So11', 'So11'],
    ['empty', '', ''],
    ['padded', '  abc  ', 'abc'],
    ['hidden controls', '\u202ECCg39mfUrjUwHrddEwXs36r9V11a2v2Q8iwmx3Dpump\u200B', 'CCg3…pump'],
    ['astral', '😀'.repeat(13), '😀😀😀😀…😀😀😀😀'],
    ['12 astral characters', '😀'.repeat(12), '😀'.repeat(12)],
    ['null', null, ''],
    ['undefined', undefined, ''],
    ['number', 12345678901234, ''],
    ['object', { address: 'x' }, ''],
  ])('%s', (_label, input, expected) => {
    expect(shortAddress(input)).toBe(expected);
  });

  it('shortens every fixture address to its first and last four characters', () => {
    expect(tokens.map((t) => shortAddress(t.token_address))).toEqual([
      'CCg3…pump',
      'MwyU…pump',
      'S8Kb…pump',
      'khKb…pump',
      'aw1J…pump',
      'cCn9…pump',
      'cjYq…pump',
      '5Wed…pump',
    ]);
  });

  it('is linear on a 1,000,000-character input', () => {
    expect(shortAddress(`ab${'x'.repeat(999_996)}yz`)).toBe('abxx…xxyz');
  });
});

describe('displayTokenName', () => {
  it.each<[number, string]>([
    [8, 'Bonk Ultra'],
    [7, 'Unknown'],
    [6, 'evil token with RTL override'],
    [5, `Tom & Jerry's "Coin" \\ </script><script>alert('x')</script>`],
    [4, '<img src=x onerror=alert(1)>'],
    [3, '🚀 Moon Doge 月球狗 🐕\u200D🦺 𝕄𝕆𝕆ℕ'],
    [1, 'Chuỗi'],
  ])('fixture token %i', (id, expected) => {
    const t = token(id);
    expect(displayTokenName({ name: t.token_name, symbol: t.token_symbol, address: t.token_address })).toBe(
      expected,
    );
  });

  it('caps the long fixture name', () => {
    const t = token(2);
    expect(
      displayTokenName({ name: t.token_name, symbol: t.token_symbol, address: t.token_address }, 40),
    ).toBe('The Extraordinarily Long Token Name That…');
    const out = displayTokenName({ name: t.token_name });
    expect(codePoints(out)).toBe(121);
  });

  it.each<[string, { name?: unknown; symbol?: unknown; address?: unknown }, number | undefined, string]>([
    [
      'name wins',
      { name: 'Bonk', symbol: 'BONK', address: 'CCg39mfUrjUwHrddEwXs36r9V11a2v2Q8iwmx3Dpump' },
      undefined,
      'Bonk',
    ],
    ['null name → symbol', { name: null, symbol: 'BONKU' }, undefined, 'BONKU'],
    ['empty name → symbol', { name: '', symbol: 'BONKU' }, undefined, 'BONKU'],
    ['invisible name → symbol', { name: '\u202E\u200B\u2066 \u200D', symbol: 'X' }, undefined, 'X'],
    ['symbol is cleaned', { symbol: ' RTL\u200D ' }, undefined, 'RTL'],
    ['symbol is capped', { symbol: 'LONGLONGLONGSYMBOL' }, 4, 'LONG…'],
    [
      'blank name and symbol → short address',
      { name: '   ', symbol: '', address: 'CCg39mfUrjUwHrddEwXs36r9V11a2v2Q8iwmx3Dpump' },
      undefined,
      'CCg3…pump',
    ],
    ['short address as is', { address: 'So11' }, undefined, 'So11'],
    ['nothing', {}, undefined, 'Unnamed token'],
    ['all blank', { name: '', symbol: '\u200B', address: '   ' }, undefined, 'Unnamed token'],
    ['wrong types', { name: 42, symbol: { s: 1 }, address: 7 }, undefined, 'Unnamed token'],
    [
      'combining flood',
      { name: `Z${'\u0301'.repeat(1000)}alg${'\u0300'.repeat(1000)}o` },
      undefined,
      'Z\u0301\u0301alg\u0300\u0300o',
    ],
    ['1,000,000-character name', { name: 'n'.repeat(1_000_000) }, 10, `${'n'.repeat(10)}…`],
  ])('%s', (_label, input, maxChars, expected) => {
    expect(displayTokenName(input, maxChars)).toBe(expected);
  });
});
