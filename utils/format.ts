/**
 * Display formatting for the credits bar: numbers, clock times, ages, durations and untrusted text.
 *
 * Pure module: no browser or extension API, and "now" is always a parameter. Every Intl-based function takes an
 * optional BCP 47 `locale` (and, for times, an IANA `timeZone`) so that callers can follow the user's settings and
 * tests can pin them; `undefined` means the runtime default. An invalid locale or time zone falls back to the
 * default instead of throwing, because a bad setting must not blank the whole bar.
 *
 * The few words here ("just now", "2 min ago") come from `_locales` in the browser's language (`t`); the
 * `locale` parameter changes numerals, grouping and date/time layout.
 *
 * @module
 */
import { t } from './i18n';

/** Shown for a number that cannot be displayed (NaN, ±Infinity, out of range). */
const INVALID = '?';

const MS_PER_SECOND = 1000;
const SECONDS_PER_MINUTE = 60;
const SECONDS_PER_HOUR = 3600;
const SECONDS_PER_DAY = 86_400;

/**
 * Intl constructors are slow (they resolve locale data), and the bar re-renders every few seconds, so formatters
 * are memoised per locale/zone/options. The cap only guards against a caller cycling through endless locales.
 */
const formatterCache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
const FORMATTER_CACHE_LIMIT = 64;

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, create: () => T): T {
  const hit = formatterCache.get(key);
  if (hit !== undefined) return hit as T;
  const made = create();
  if (formatterCache.size >= FORMATTER_CACHE_LIMIT) formatterCache.clear();
  formatterCache.set(key, made);
  return made;
}

/**
 * Builds a formatter, falling back to the default locale and/or zone when the arguments are rejected
 * (`RangeError` for a malformed locale tag or an unknown time zone). The combinations are tried in an order that
 * keeps whichever of the two arguments is still valid.
 */
function withFallback<T>(
  create: (locale: string | undefined, timeZone: string | undefined) => T,
  locale?: string,
  timeZone?: string,
): T {
  const attempts: Array<[string | undefined, string | undefined]> = [
    [locale, timeZone],
    [undefined, timeZone],
    [locale, undefined],
  ];
  for (const [l, tz] of attempts) {
    try {
      return create(l, tz);
    } catch {
      // Try the next combination; the last resort below uses only defaults and cannot throw.
    }
  }
  return create(undefined, undefined);
}

function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(`n|${locale ?? ''}|${JSON.stringify(options)}`, () =>
    withFallback((l) => new Intl.NumberFormat(l, options), locale),
  );
}

function dateTimeFormat(
  locale: string | undefined,
  timeZone: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  return cached(`d|${locale ?? ''}|${timeZone ?? ''}|${JSON.stringify(options)}`, () =>
    withFallback((l, tz) => new Intl.DateTimeFormat(l, { ...options, timeZone: tz }), locale, timeZone),
  );
}

/**
 * A count with locale digit grouping: `1,753` (en-US), `1.753` (de-DE).
 *
 * Integers never get decimals; a non-integer keeps at most two, since counts here are credits and tokens and
 * more precision is noise.
 *
 * @param n - The number.
 * @param locale - BCP 47 tag; default: the runtime's.
 * @returns The formatted number, or `'?'` for NaN/±Infinity.
 */
export function formatCount(n: number, locale?: string): string {
  if (!Number.isFinite(n)) return INVALID;
  // `+ 0` so that -0 prints as "0", not "-0".
  return numberFormat(locale, { maximumFractionDigits: 2 }).format(n + 0);
}

/** Badge units, smallest first. Division by `unit / 10` stays exact, so halves round predictably. */
const COMPACT_UNITS: ReadonlyArray<readonly [number, string]> = [
  [1e3, 'k'],
  [1e6, 'M'],
  [1e9, 'B'],
  [1e12, 'T'],
];

/**
 * A count squeezed into at most 4 characters for the toolbar badge (Chrome shows about 4).
 *
 * - `0`–`999` as is; non-integers are first rounded to the nearest integer.
 * - Below 10 of a unit: one decimal, rounded half up (`1234` → `1.2k`, `1250` → `1.3k`, `1_250_000` → `1.3M`);
 *   a `.0` is dropped (`1000` → `1k`).
 * - From 10 of a unit: a rounded integer (`15_000` → `15k`, `999_499` → `999k`).
 * - When rounding reaches 1000 of a unit it moves to the next unit (`999_999` → `1M`, never `1000k`).
 *
 * Deliberately locale-free ASCII: a badge has no room for grouping, and its width must be predictable.
 *
 * @param n - A non-negative count.
 * @returns At most 4 characters; `'?'` for negatives, NaN, ±Infinity and values of 999.5 trillion or more.
 */
export function formatCompact(n: number): string {
  if (!Number.isFinite(n) || n < 0) return INVALID;
  const value = Math.round(n);
  if (value < 1000) return String(value);
  for (const [unit, suffix] of COMPACT_UNITS) {
    const tenths = Math.round(value / (unit / 10));
    if (tenths < 100) {
      const whole = Math.floor(tenths / 10);
      const decimal = tenths % 10;
      return decimal === 0 ? `${whole}${suffix}` : `${whole}.${decimal}${suffix}`;
    }
    const whole = Math.round(value / unit);
    if (whole < 1000) return `${whole}${suffix}`;
  }
  return INVALID;
}

const CLOCK_OPTIONS: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

/**
 * Hours and minutes in the locale's style: `12:34 PM` (en-US), `12:34` (de-DE).
 *
 * Some ICU versions separate "PM" with U+202F NARROW NO-BREAK SPACE; it is passed through, because it renders
 * like a space and keeps the time on one line.
 *
 * @param ms - Epoch ms.
 * @param locale - BCP 47 tag; default: the runtime's.
 * @param timeZone - IANA zone such as `'UTC'` or `'Europe/Berlin'`; default: the runtime's.
 * @returns The time, or `'?'` when `ms` is not a valid date.
 */
export function formatClock(ms: number, locale?: string, timeZone?: string): string {
  if (!isValidEpoch(ms)) return INVALID;
  return dateTimeFormat(locale, timeZone, CLOCK_OPTIONS).format(ms);
}

/** Calendar fields compared to decide "same day"; fixed locale and calendar so only the zone matters. */
const DAY_KEY_OPTIONS: Intl.DateTimeFormatOptions = {
  calendar: 'gregory',
  numberingSystem: 'latn',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
};

/** The calendar day of `ms` in `timeZone`, as a comparable key plus its year. */
function calendarDay(ms: number, timeZone: string | undefined): { key: string; year: string } {
  const parts = dateTimeFormat('en-US', timeZone, DAY_KEY_OPTIONS).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const year = get('year');
  return { key: `${year}-${get('month')}-${get('day')}`, year };
}

/** `new Date(ms)` accepts ±8.64e15 ms; Intl throws a RangeError beyond that. */
function isValidEpoch(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}

const FULL_DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short' };

/**
 * A past moment with as much date as it needs, and its full date and time for the tooltip: `12:40` today,
 * `yesterday 23:10`, `Nov 27` on an older day this year, `Nov 27, 2025` before that. The tooltip of an older
 * moment adds how many days ago it was (`9 days ago`).
 *
 * "Today" is the calendar day of the zone the time is shown in (default: the browser's): the clock printed is
 * local, so the word before it must be too. A moment on a later day than `nowMs` (a clock ahead of ours) gets its
 * date, never a bare clock that would read as today.
 *
 * @param ms - Epoch ms to show.
 * @param nowMs - The current epoch ms.
 * @param locale - BCP 47 tag; default: the runtime's.
 * @param timeZone - IANA zone deciding the fields and the day boundary; default: the runtime's.
 * @returns `{ text, title }`; both `'?'` when `ms` is not a valid date.
 */
export function formatWhen(
  ms: number,
  nowMs: number,
  locale?: string,
  timeZone?: string,
): { text: string; title: string } {
  if (!isValidEpoch(ms)) return { text: INVALID, title: INVALID };
  const full = dateTimeFormat(locale, timeZone, FULL_DATE_TIME).format(ms);
  const day = calendarDay(ms, timeZone);
  const today = isValidEpoch(nowMs) ? calendarDay(nowMs, timeZone) : null;
  // Whole calendar days between the two dates (a `YYYY-MM-DD` key parses as UTC midnight): DST-proof.
  const days = today ? Math.round((Date.parse(today.key) - Date.parse(day.key)) / 86_400_000) : Number.NaN;
  if (days === 0 || days === 1) {
    const clock = formatClock(ms, locale, timeZone);
    return { text: days ? t('yesterdayAt', clock) : clock, title: full };
  }
  const text = dateTimeFormat(
    locale,
    timeZone,
    day.year === today?.year
      ? { month: 'short', day: 'numeric' }
      : { year: 'numeric', month: 'short', day: 'numeric' },
  ).format(ms);
  return { text, title: days > 1 ? `${full} · ${t('daysAgo', formatCount(days, locale))}` : full };
}

/**
 * How long ago something happened: `just now` (under 10 s), `25 s ago`, `2 min ago`, `3 h ago`, `2 d ago`.
 *
 * Each value is floored (45 min 59 s is "45 min ago"), so an age is never overstated. These compact forms are
 * built by hand: `Intl.RelativeTimeFormat` gives `25s ago`, `25 sec. ago` or `25 sec ago` depending on style and
 * ICU version, never this form, and its output would drift between browsers. The locale formats the number only.
 *
 * @param ageMs - Now minus the event time. Negative ages (client clock behind the server) mean "just now".
 * @param locale - BCP 47 tag for the number; default: the runtime's.
 * @returns The phrase, or `'?'` for NaN/±Infinity.
 */
export function formatAge(ageMs: number, locale?: string): string {
  if (Number.isNaN(ageMs) || ageMs === Number.POSITIVE_INFINITY) return INVALID;
  const seconds = Math.floor(ageMs / MS_PER_SECOND);
  if (seconds < 10) return t('justNow');
  const nf = numberFormat(locale, { maximumFractionDigits: 0 });
  if (seconds < SECONDS_PER_MINUTE) return t('secAgo', nf.format(seconds));
  if (seconds < SECONDS_PER_HOUR) return t('minAgo', nf.format(Math.floor(seconds / SECONDS_PER_MINUTE)));
  if (seconds < SECONDS_PER_DAY) return t('hAgo', nf.format(Math.floor(seconds / SECONDS_PER_HOUR)));
  return t('dAgo', nf.format(Math.floor(seconds / SECONDS_PER_DAY)));
}

/**
 * A remaining wait for a countdown such as "retrying in 20 s": `20 s`, `2 min`, `1 h`.
 *
 * Every step rounds **up** (19.2 s → `20 s`, 61 s → `2 min`, 61 min → `2 h`), so the label is an upper bound and
 * never says `0 s` or a smaller unit while time is still left. Below a minute it shows seconds, below an hour
 * minutes, otherwise hours.
 *
 * @param ms - Remaining milliseconds; zero or negative gives `0 s`.
 * @param locale - BCP 47 tag for the number; default: the runtime's.
 * @returns The duration, or `'?'` for NaN/±Infinity.
 */
export function formatDuration(ms: number, locale?: string): string {
  if (!Number.isFinite(ms)) return INVALID;
  const nf = numberFormat(locale, { maximumFractionDigits: 0 });
  const seconds = Math.max(0, Math.ceil(ms / MS_PER_SECOND));
  if (seconds < SECONDS_PER_MINUTE) return t('sec', nf.format(seconds));
  const minutes = Math.ceil(seconds / SECONDS_PER_MINUTE);
  if (minutes < 60) return t('min', nf.format(minutes));
  return t('hours', nf.format(Math.ceil(seconds / SECONDS_PER_HOUR)));
}

/**
 * Code points removed outright: bidi controls (they can reorder the surrounding UI text, e.g. U+202E),
 * zero-width and invisible characters (they hide content or make look-alike names), C0/C1 controls except the
 * whitespace ones handled below, and U+FFFE/U+FFFF noncharacters.
 */
function isRemoved(cp: number): boolean {
  return (
    cp <= 0x08 ||
    (cp >= 0x0e && cp <= 0x1f) ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0xad ||
    cp === 0x061c ||
    cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0xfeff ||
    cp === 0xfffe ||
    cp === 0xffff
  );
}

/** Whitespace that collapses to one ASCII space: tab, line breaks, and Unicode spaces (what `\s` matches). */
function isSpace(cp: number): boolean {
  return (
    (cp >= 0x09 && cp <= 0x0d) ||
    cp === 0x20 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

const COMBINING_MARK_RE = /^\p{M}$/u;
const PICTOGRAPHIC_RE = /^\p{Extended_Pictographic}$/u;
const ZWJ = 0x200d;

/** Whether a code point is an emoji (pictographic), so a joiner after it may build a sequence. */
function isPictographic(cp: number): boolean {
  return cp >= 0xa9 && PICTOGRAPHIC_RE.test(String.fromCodePoint(cp));
}

/**
 * Whether the kept text ends in an emoji, allowing for its variation selector (U+FE0F) and skin
 * tone (U+1F3FB–U+1F3FF): the left side of a joiner inside an emoji ZWJ sequence.
 */
function endsInEmoji(out: readonly string[]): boolean {
  for (let i = out.length - 1; i >= 0; i--) {
    const cp = out[i]?.codePointAt(0) ?? 0;
    if (cp === 0xfe0f || (cp >= 0x1f3fb && cp <= 0x1f3ff)) continue;
    return isPictographic(cp);
  }
  return false;
}

/** The code point starting at `i`, or 0 when there is none or it is a lone surrogate. */
function codePointAt(value: string, i: number): number {
  const cp = value.codePointAt(i) ?? 0;
  return cp >= 0xd800 && cp <= 0xdfff ? 0 : cp;
}
/** Marks kept per base character: enough for real scripts (Vietnamese "ỗ" stacks two), not for zalgo floods. */
const MAX_MARKS_PER_BASE = 2;
const ELLIPSIS = '…';

/**
 * Makes an attacker-controlled string (token names and symbols, API.md §11.8) safe to show as plain text.
 *
 * - Non-strings give `''`.
 * - Removes bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), zero-width and invisible
 *   characters (U+200B–U+200D, U+2060–U+2064, U+FEFF, U+180E, U+00AD), C0/C1 control characters and lone
 *   surrogates (unrenderable, and some APIs throw on them). The one exception: U+200D ZERO WIDTH JOINER
 *   directly between two emoji (each possibly with its variation selector or skin tone) is kept, so emoji
 *   ZWJ sequences stay one picture (👨‍👩‍👧‍👦, 🐕‍🦺); a joiner anywhere else is removed.
 * - Collapses each run of whitespace (including line breaks) to one space, and trims.
 * - Keeps at most 2 combining marks per base character, which defeats "zalgo" floods that spill over
 *   neighbouring UI.
 * - Caps the result at `maxChars` code points, never splitting a surrogate pair, and appends `…` when it cut
 *   something (so the result has at most `maxChars + 1` code points).
 *
 * This is not HTML escaping: render the result with `textContent`. It runs in one pass and stops as soon as the
 * cap is exceeded, so a megabyte-long name costs no more than its first few hundred visible characters (plus
 * whatever it strips).
 *
 * @param value - Untrusted input.
 * @param maxChars - Maximum code points kept before `…` (default 120; values below 1 count as 1; `Infinity`
 *   disables the cap).
 * @returns The cleaned text, possibly empty.
 */
export function cleanDisplayText(value: unknown, maxChars = 120): string {
  if (typeof value !== 'string') return '';
  const limit = Number.isNaN(maxChars) ? 120 : Math.max(1, Math.floor(maxChars));
  // Only names of a usual length are remembered: a hostile 10 KB name is cleaned each time.
  if (value.length > CLEANED_MAX_KEY) return cleanOnce(value, limit);
  const key = `${limit}:${value}`;
  let text = cleaned.get(key);
  if (text === undefined) {
    text = cleanOnce(value, limit);
    if (cleaned.size >= CLEANED_CACHE_SIZE) cleaned.clear();
    cleaned.set(key, text);
  }
  return text;
}

/**
 * Cleaned names by limit and text: every page of transactions brings back mostly the same
 * operation labels (200 rows), and Latest the same token name. Bounded in entries and in key
 * length.
 */
const cleaned = new Map<string, string>();
const CLEANED_CACHE_SIZE = 4096;
const CLEANED_MAX_KEY = 256;

function cleanOnce(value: string, limit: number): string {
  const out: string[] = [];
  let pendingSpace = false;
  let marks = 0;
  let truncated = false;
  const length = value.length;

  for (let i = 0; i < length; i++) {
    let cp = value.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const next = i + 1 < length ? value.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        i++;
      } else {
        continue;
      }
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      continue;
    }

    // A joiner between two emoji builds one picture (👨‍👩‍👧‍👦 is one family, not four people): kept.
    // Anywhere else it only hides or joins text: removed with the other invisible characters.
    const joinsEmoji =
      cp === ZWJ && !pendingSpace && endsInEmoji(out) && isPictographic(codePointAt(value, i + 1));
    if (isRemoved(cp) && !joinsEmoji) continue;
    if (isSpace(cp)) {
      // Deferred so that leading and trailing whitespace never reach the output.
      if (out.length > 0) pendingSpace = true;
      marks = 0;
      continue;
    }
    // No combining marks exist below U+0300, which skips the regex for ASCII and Latin-1.
    const isMark = cp >= 0x300 && COMBINING_MARK_RE.test(String.fromCodePoint(cp));
    if (isMark) {
      if (marks >= MAX_MARKS_PER_BASE) continue;
      marks++;
    } else {
      marks = 0;
    }

    const needed = pendingSpace ? 2 : 1;
    if (out.length + needed > limit) {
      truncated = true;
      break;
    }
    if (pendingSpace) {
      out.push(' ');
      pendingSpace = false;
    }
    out.push(String.fromCodePoint(cp));
  }

  // A space is only ever pushed together with the character after it, so the cut never leaves "word …".
  // A cut right after a joiner would leave it dangling: it goes too.
  if (truncated && out.at(-1) === '\u200d') out.pop();
  return truncated ? out.join('') + ELLIPSIS : out.join('');
}

/**
 * A short form of a mint or wallet address: first 4 + `…` + last 4 code points (`CCg3…pump`) when longer than
 * 12, else the whole string. The input is cleaned with {@link cleanDisplayText} first (uncapped), since an
 * address from the API is as untrusted as a name.
 *
 * @param addr - Untrusted input.
 * @returns The short form, or `''` for non-strings.
 */
export function shortAddress(addr: unknown): string {
  const cleaned = cleanDisplayText(addr, Number.POSITIVE_INFINITY);
  const codePoints = Array.from(cleaned);
  if (codePoints.length <= 12) return cleaned;
  return `${codePoints.slice(0, 4).join('')}${ELLIPSIS}${codePoints.slice(-4).join('')}`;
}

/**
 * The best label for a token: its cleaned name, else its cleaned symbol, else its short address, else
 * `Unnamed token`. A name that cleans to nothing (only invisible characters) counts as missing, so a hostile
 * token cannot render as a blank.
 *
 * @param token - Fields straight from the API (`token_name`, `token_symbol`, `token_address`), unchecked.
 * @param maxChars - Cap for the name or symbol, as in {@link cleanDisplayText} (default 120).
 * @returns A non-empty display label.
 */
export function displayTokenName(
  { name, symbol, address }: { name?: unknown; symbol?: unknown; address?: unknown },
  maxChars?: number,
): string {
  return (
    cleanDisplayText(name, maxChars) ||
    cleanDisplayText(symbol, maxChars) ||
    shortAddress(address) ||
    t('unnamedToken')
  );
}
