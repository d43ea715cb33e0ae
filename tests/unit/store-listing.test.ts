// The store listing material in docs/store: pictures of the sizes the stores take, descriptions
// that match the manifest, and a privacy policy that says what the README and the manifest say.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const STORE = join(ROOT, 'docs/store');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Width and height from a PNG's header. */
function pngSize(path: string): [number, number] {
  const header = readFileSync(path).subarray(0, 24);
  expect(header.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [header.readUInt32BE(16), header.readUInt32BE(20)];
}

describe('store pictures', () => {
  const pictures = readdirSync(STORE).filter((name) => name.endsWith('.png'));

  it('five 1280×800 screenshots', () => {
    const shots = pictures.filter((name) => name.startsWith('screenshot-'));
    expect(shots).toHaveLength(5);
    for (const name of shots) expect(pngSize(join(STORE, name)), name).toEqual([1280, 800]);
  });

  it('a 440×280 promo tile', () => {
    expect(pngSize(join(STORE, 'promo-tile-440x280.png'))).toEqual([440, 280]);
  });
});

describe('store descriptions', () => {
  it.each([
    ['en', 'description-en.md'],
    ['de', 'description-de.md'],
  ])('%s: name and summary are the manifest’s, the summary fits 132 characters', (locale, file) => {
    const messages = JSON.parse(read(`public/_locales/${locale}/messages.json`));
    const text = read(`docs/store/${file}`);
    expect(text).toContain(`**Name:** ${messages.extName.message}`);
    const summary = messages.extDescription.message as string;
    expect(text).toContain(`${summary}\n`);
    expect(summary.length).toBeLessThanOrEqual(132);
  });
});

describe('privacy policy', () => {
  const policy = read('docs/store/privacy.md');

  it('says what the README’s Privacy section says', () => {
    const section = read('README.md').split('## Privacy')[1]?.split('\n## ')[0] ?? '';
    const claim = section.match(/No analytics, no telemetry, no third-party requests/)?.[0];
    expect(claim).toBeDefined();
    expect(policy).toContain(claim);
  });

  it('quotes the data-collection declaration the Firefox manifest makes', () => {
    expect(read('wxt.config.ts')).toContain("data_collection_permissions: { required: ['none'] }");
    expect(policy).toContain('`{"required": ["none"]}`');
  });
});
