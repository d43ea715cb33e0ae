import { describe, expect, it } from 'vitest';
import { matchTargetPage, shouldShowBar } from './routes';
import { DEFAULT_SETTINGS } from './settings';

describe('matchTargetPage', () => {
  it.each([
    ['http://localhost:3000/dashboard/tokens', 'tokens'],
    ['http://localhost:3000/dashboard/tokens/', 'tokens'],
    ['http://localhost:3000/dashboard/tokens?sort=new#top', 'tokens'],
    ['http://127.0.0.1:3000/dashboard/ingestion', 'ingestion'],
    ['http://localhost:3000/dashboard/tokens/8', null],
    ['http://localhost:3000/dashboard/tokensX', null],
    ['http://localhost:3000/dashboard/trash', null],
    ['http://localhost:3000/dashboard', null],
    ['http://localhost:3000/', null],
    ['http://localhost:3001/dashboard/tokens', null],
    ['https://localhost:3000/dashboard/tokens', null],
    ['http://evil.example/dashboard/tokens', null],
    ['not a url', null],
  ])('%s → %s', (href, expected) => {
    expect(matchTargetPage(href, DEFAULT_SETTINGS)).toBe(expected);
  });

  it('follows custom routes and origins', () => {
    const settings = {
      appOrigins: ['https://meri.example'],
      routes: { tokens: '/dashboard/bot-tracker', ingestion: '/dashboard/wallets' },
    };
    expect(matchTargetPage('https://meri.example/dashboard/bot-tracker', settings)).toBe('tokens');
    expect(matchTargetPage('http://localhost:3000/dashboard/tokens', settings)).toBeNull();
  });
});

describe('shouldShowBar', () => {
  it.each([
    [{}, 'http://localhost:3000/dashboard/tokens', 'tokens'],
    [{ enabled: false }, 'http://localhost:3000/dashboard/tokens', null],
    [{ pages: { tokens: false, ingestion: true } }, 'http://localhost:3000/dashboard/tokens', null],
    [{ pages: { tokens: false, ingestion: true } }, 'http://localhost:3000/dashboard/ingestion', 'ingestion'],
  ])('%j on %s → %s', (patch, href, expected) => {
    expect(shouldShowBar(href, { ...DEFAULT_SETTINGS, ...patch })).toBe(expected);
  });
});
