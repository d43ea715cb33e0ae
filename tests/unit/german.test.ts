// A German browser reads German wherever the extension explains something, including the words
// made outside the views: fetch errors and the name of a token that has none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayTokenName } from '../../utils/format';
import { setMessageLookup } from '../../utils/i18n';
import { createApiClient } from '../../utils/meridinate/client';
import { CreditsTodaySchema } from '../../utils/meridinate/schemas';
import { formatMessage, readCatalogues } from './messages';

const catalogues = readCatalogues();
const speak = (locale: string) =>
  setMessageLookup((key, substitutions) => formatMessage(catalogues[locale] ?? {}, key, substitutions));

describe('in German', () => {
  beforeAll(() => speak('de'));
  afterAll(() => speak('en'));

  it('explains data of an unexpected shape in German, without the schema library’s English', async () => {
    const client = createApiClient({
      baseUrl: 'http://localhost:5003',
      fetch: async () => new Response(JSON.stringify({ unexpected: true }), { status: 200 }),
    });
    const result = await client.get('/api/stats/credits/today', CreditsTodaySchema);
    expect(result).toMatchObject({ ok: false, kind: 'bad-data' });
    const message = result.ok ? '' : result.message;
    expect(message).toBe('Unerwartete Daten von /api/stats/credits/today.');
    expect(message).not.toMatch(/Expected|received|Invalid/);
  });

  it.each<[string, () => Response]>([
    ['a body that is not JSON', () => new Response('{"total_credits": 1', { status: 200 })],
    ['a server error', () => new Response('', { status: 500 })],
    ['a wrong URL', () => new Response('', { status: 404 })],
    ['a rate limit', () => new Response('', { status: 429 })],
  ])('explains %s in German', async (_, respond) => {
    const client = createApiClient({ baseUrl: 'http://x', fetch: async () => respond() });
    const result = await client.get('/api/stats/credits/today', CreditsTodaySchema);
    const message = result.ok ? '' : result.message;
    const german = Object.values(catalogues.de ?? {}).map((entry) => entry.message.split('$')[0] ?? '');
    expect(message.length).toBeGreaterThan(0);
    expect(german.some((start) => start.length > 3 && message.startsWith(start))).toBe(true);
  });

  it('names a token without a name in German', () => {
    expect(displayTokenName({})).toBe('Token ohne Namen');
    expect(displayTokenName({ name: '\u200B', symbol: ' ' })).toBe('Token ohne Namen');
  });
});
