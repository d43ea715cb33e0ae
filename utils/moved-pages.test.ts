import { describe, expect, it } from 'vitest';
import {
  acceptMovedPages,
  BOT_TRACKER_ROUTE,
  classifyRouteAnswer,
  deriveMovedPagesOffer,
  isIngestionGone,
  isMovedPagesCheckDue,
  type MovedPagesFinding,
} from './moved-pages';
import { DEFAULT_SETTINGS, type Settings, validateSettings } from './settings';

describe('classifyRouteAnswer', () => {
  it.each<[string, { status: number; type?: string } | null, string]>([
    ['a redirect seen by a browser (redirect: manual)', { status: 0, type: 'opaqueredirect' }, 'moved'],
    ['a 307 seen elsewhere', { status: 307, type: 'basic' }, 'moved'],
    ['a 308', { status: 308 }, 'moved'],
    ['not found', { status: 404, type: 'basic' }, 'gone'],
    ['gone', { status: 410 }, 'gone'],
    ['served', { status: 200, type: 'basic' }, 'ok'],
    ['a server error says nothing about the route', { status: 500 }, 'unknown'],
    ['no answer', null, 'unknown'],
  ])('%s', (_, response, expected) => {
    expect(classifyRouteAnswer(response)).toBe(expected);
  });
});

describe('isMovedPagesCheckDue', () => {
  const HOUR = 3_600_000;
  const T = 1_800_000_000_000;
  const here = { origin: 'http://localhost:3000', routes: DEFAULT_SETTINGS.routes };
  const checked = (probedAt: number, patch: Partial<typeof here> = {}) => ({ probedAt, ...here, ...patch });
  it.each<
    [string, { tokensLatest: boolean; probedAt: number } | null, ReturnType<typeof checked> | null, boolean]
  >([
    ['not probed yet', null, null, false],
    ['OLD', { tokensLatest: false, probedAt: T }, null, false],
    ['HEAD, never checked', { tokensLatest: true, probedAt: T }, null, true],
    ['HEAD, checked for this probe', { tokensLatest: true, probedAt: T }, checked(T), false],
    [
      'HEAD, probed again within a day, same routes',
      { tokensLatest: true, probedAt: T + 23 * HOUR },
      checked(T),
      false,
    ],
    ['HEAD, probed again a day later', { tokensLatest: true, probedAt: T + 24 * HOUR }, checked(T), true],
    [
      'HEAD, probed again, the Tokens route changed since',
      { tokensLatest: true, probedAt: T + HOUR },
      checked(T, { routes: { ...here.routes, tokens: '/dashboard/wallets' } }),
      true,
    ],
    [
      'HEAD, probed again, another app origin',
      { tokensLatest: true, probedAt: T + HOUR },
      checked(T, { origin: 'http://127.0.0.1:3000' }),
      true,
    ],
    // A new browser session marks the capabilities to probe again (probedAt 0) before anyone looks.
    ['HEAD, marked to probe again in a new session', { tokensLatest: true, probedAt: 0 }, checked(T), false],
  ])('%s', (_, capabilities, last, expected) => {
    expect(isMovedPagesCheckDue(capabilities, last, here)).toBe(expected);
  });
});

const finding = (patch: Partial<MovedPagesFinding> = {}): MovedPagesFinding => ({
  probedAt: 5,
  origin: 'http://localhost:3000',
  routes: DEFAULT_SETTINGS.routes,
  tokens: 'moved',
  ingestion: 'gone',
  ...patch,
});

describe('deriveMovedPagesOffer', () => {
  const settings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });
  it.each<[string, MovedPagesFinding | null, Settings, boolean, { ingestionGone: boolean } | null]>([
    ['HEAD moved Tokens and dropped Ingestion', finding(), settings(), true, { ingestionGone: true }],
    [
      'Tokens is a 404',
      finding({ tokens: 'gone', ingestion: 'ok' }),
      settings(),
      true,
      { ingestionGone: false },
    ],
    [
      'the routes answer: nothing to offer',
      finding({ tokens: 'ok', ingestion: 'ok' }),
      settings(),
      true,
      null,
    ],
    ['only Ingestion is gone: nothing to offer', finding({ tokens: 'ok' }), settings(), true, null],
    ['no answer: nothing to offer', finding({ tokens: 'unknown' }), settings(), true, null],
    ['nothing checked yet', null, settings(), true, null],
    ['the back end is not HEAD (any more)', finding(), settings(), false, null],
    [
      'the routes changed since the check',
      finding(),
      settings({ routes: { tokens: '/dashboard/mine', ingestion: '/dashboard/ingestion' } }),
      true,
      null,
    ],
    [
      'already on Bot Tracker',
      finding({ routes: { tokens: BOT_TRACKER_ROUTE, ingestion: '/dashboard/ingestion' } }),
      settings({ routes: { tokens: BOT_TRACKER_ROUTE, ingestion: '/dashboard/ingestion' } }),
      true,
      null,
    ],
    [
      'Ingestion set to Bot Tracker (the routes must differ)',
      finding({ routes: { tokens: '/dashboard/tokens', ingestion: BOT_TRACKER_ROUTE } }),
      settings({ routes: { tokens: '/dashboard/tokens', ingestion: BOT_TRACKER_ROUTE } }),
      true,
      null,
    ],
    [
      'the origin asked is no longer an app origin',
      finding({ origin: 'http://old:3000' }),
      settings(),
      true,
      null,
    ],
  ])('%s', (_, f, s, isHead, expected) => {
    expect(deriveMovedPagesOffer(f, s, isHead)).toEqual(expected);
  });
});

describe('isIngestionGone', () => {
  const settings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });
  it.each<[string, MovedPagesFinding | null, Settings, boolean]>([
    ['the Ingestion route is a 404', finding(), settings(), true],
    ['it answers', finding({ ingestion: 'ok' }), settings(), false],
    ['it redirects (a page to open still)', finding({ ingestion: 'moved' }), settings(), false],
    ['no answer', finding({ ingestion: 'unknown' }), settings(), false],
    ['nothing checked yet', null, settings(), false],
    [
      'after the offer was taken: only the Tokens route changed',
      finding(),
      settings({ routes: { tokens: BOT_TRACKER_ROUTE, ingestion: '/dashboard/ingestion' } }),
      true,
    ],
    [
      'the Ingestion route changed since the check',
      finding(),
      settings({ routes: { tokens: '/dashboard/tokens', ingestion: '/dashboard/ingest' } }),
      false,
    ],
    [
      'the origin asked is no longer an app origin',
      finding({ origin: 'http://old:3000' }),
      settings(),
      false,
    ],
  ])('%s', (_, f, s, expected) => {
    expect(isIngestionGone(f, s)).toBe(expected);
  });
});

describe('acceptMovedPages', () => {
  it('puts the Tokens bar on Bot Tracker and switches off the gone Ingestion page, keeping its route', () => {
    const next = acceptMovedPages(DEFAULT_SETTINGS, { ingestionGone: true });
    expect(next.routes).toEqual({ tokens: BOT_TRACKER_ROUTE, ingestion: '/dashboard/ingestion' });
    expect(next.pages).toEqual({ tokens: true, ingestion: false });
    // Still settings the Options form accepts.
    expect(validateSettings(next, 30).ok).toBe(true);
  });

  it('leaves Ingestion alone while it still answers', () => {
    const next = acceptMovedPages(DEFAULT_SETTINGS, { ingestionGone: false });
    expect(next.pages).toEqual({ tokens: true, ingestion: true });
    expect({ ...next, routes: DEFAULT_SETTINGS.routes }).toEqual(DEFAULT_SETTINGS);
  });
});
