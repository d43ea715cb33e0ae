// The translations are complete: every locale has every English key with the same placeholders,
// every key is used somewhere, and everything the code and the manifest ask for exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMessage, readCatalogues } from './messages';

const ROOT = join(import.meta.dirname, '../..');
const catalogues = readCatalogues();
const english = catalogues.en ?? {};
const keys = Object.keys(english).sort();
const others = Object.keys(catalogues).filter((locale) => locale !== 'en');

/** Messages that read the same in German (a loanword, a unit, a pattern of figures). */
const SAME_IN_GERMAN = new Set(['burnRate', 'chartBar', 'sec', 'live', 'overlay']);

/** The product's sources: what can show words to a user (tests excluded). */
function sources(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|html)$/.test(name) && !/\.test\.tsx?$/.test(name)) {
        out.push({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') });
      }
    }
  };
  for (const dir of ['utils', 'components', 'entrypoints']) walk(join(ROOT, dir));
  out.push({ path: 'wxt.config.ts', text: readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8') });
  return out;
}
const code = sources();

describe('locales', () => {
  it('has English and German', () => {
    expect(Object.keys(catalogues).sort()).toEqual(['de', 'en']);
  });

  it.each(others)('%s has exactly the English keys', (locale) => {
    const theirs = Object.keys(catalogues[locale] ?? {}).sort();
    expect(
      keys.filter((key) => !theirs.includes(key)),
      'missing',
    ).toEqual([]);
    expect(
      theirs.filter((key) => !keys.includes(key)),
      'not in English',
    ).toEqual([]);
  });

  it.each(others)('%s uses the same placeholders as English, each of them', (locale) => {
    for (const key of keys) {
      const theirs = catalogues[locale]?.[key];
      const mine = english[key];
      const contents = (entry: typeof mine) =>
        Object.entries(entry?.placeholders ?? {})
          .map(([name, value]) => `${name.toLowerCase()}=${value.content}`)
          .sort();
      expect(contents(theirs), key).toEqual(contents(mine));
      for (const name of Object.keys(mine?.placeholders ?? {})) {
        expect(theirs?.message.toLowerCase(), `${locale} ${key} shows $${name}$`).toContain(
          `$${name.toLowerCase()}$`,
        );
      }
    }
  });

  it.each(Object.keys(catalogues))('%s has no empty or unfilled messages', (locale) => {
    for (const key of keys) {
      const entry = catalogues[locale]?.[key];
      expect(entry?.message.trim(), `${locale} ${key}`).toBeTruthy();
      const filled = formatMessage(catalogues[locale] ?? {}, key, ['1', '2', '3']);
      expect(filled, `${locale} ${key} left a placeholder`).not.toMatch(/\$[A-Za-z_@]+\$/);
    }
  });

  it('German is translated, not copied', () => {
    const copied = keys.filter(
      (key) => !SAME_IN_GERMAN.has(key) && catalogues.de?.[key]?.message === english[key]?.message,
    );
    expect(copied).toEqual([]);
  });

  it('every key is used by the code or the manifest', () => {
    const unused = keys.filter(
      (key) => !code.some(({ text }) => text.includes(`'${key}'`) || text.includes(`__MSG_${key}__`)),
    );
    expect(unused).toEqual([]);
  });

  it('every message the manifest and the pages ask for exists', () => {
    const asked = code.flatMap(({ path, text }) =>
      [...text.matchAll(/__MSG_(\w+)__/g)].map((m) => ({ path, key: m[1] ?? '' })),
    );
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter(({ key }) => !(key in english))).toEqual([]);
  });

  it('every key the code asks t() for exists in every locale', () => {
    const asked = code.flatMap(({ path, text }) =>
      // The first argument of each t(…) call: a key, or a choice between keys (`a ? 'x' : 'y'`).
      [...text.matchAll(/\bt\(\s*([^,()]*)/g)].flatMap((call) =>
        [...(call[1] ?? '').matchAll(/(?:^|[?:]\s*)'(\w+)'/g)].map((m) => ({ path, key: m[1] ?? '' })),
      ),
    );
    expect(asked.length).toBeGreaterThan(100);
    for (const locale of Object.keys(catalogues)) {
      expect(
        asked.filter(({ key }) => !(key in (catalogues[locale] ?? {}))),
        locale,
      ).toEqual([]);
    }
  });

  it('no product code spells user-visible words outside the catalogue', () => {
    // Every string literal of two or more words in the product's code (comments removed) is either
    // a class list, a developer's log line, or listed here with the reason it never reaches a user.
    const NOT_SHOWN: Record<string, string[]> = {
      // The app's own bar is found by its label; the words are matched in its DOM, never shown.
      'utils/dom/app-page.ts': ['Tokens Scanned'],
      // Element ids for aria-describedby, read by no one but the browser.
      'components/options/PlanFields.tsx': ['plan-hint plan-error'],
      // Warnings for the administrator, logged to the console by the background.
      'utils/ext/managed-policy.ts': [
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source's template text, quoted as written
        'managed setting "${key}" ignored: invalid value',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source's template text, quoted as written
        'managed setting "${key}" ignored: unknown key',
      ],
    };
    const offenders: string[] = [];
    for (const { path, text } of code) {
      if (!/\.tsx?$/.test(path)) continue;
      const stripped = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
      for (const line of stripped.split('\n')) {
        if (/\bconsole\.\w+\(/.test(line)) continue;
        for (const m of line.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`\n]*)`/g)) {
          const value = m[1] ?? m[2] ?? m[3] ?? '';
          const words = value.replace(/\$\{[^}]*\}/g, ' ').trim();
          if (!/[A-Za-z]{2,} [A-Za-z]{2,}/.test(words)) continue;
          if (words.split(/\s+/).every((word) => /^(lcb|popup|options)-[\w-]+$/.test(word))) continue;
          if (NOT_SHOWN[path]?.includes(value)) continue;
          offenders.push(`${path}: ${value}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('no view writes user-visible English outside the catalogue', () => {
    // Text between JSX tags, and the attributes people read, must come from `t(...)`.
    const views = code.filter(({ path }) => path.endsWith('.tsx'));
    const offenders: string[] = [];
    for (const { path, text } of views) {
      for (const m of text.matchAll(/(?<!=)>\s*([A-Za-z][A-Za-z ,.'’]{2,})\s*</g))
        offenders.push(`${path}: ${m[1]}`);
      for (const m of text.matchAll(/\b(aria-label|title|placeholder|label|hint)="([^"]*[A-Za-z][^"]*)"/g)) {
        offenders.push(`${path}: ${m[1]}="${m[2]}"`);
      }
      // …also as an expression: title={'Refresh'}, aria-label={`Refresh ${name}`}.
      for (const m of text.matchAll(
        /\b(aria-label|title|placeholder|label|hint|alt)=\{\s*['"`]([^'"`]*[A-Za-z]{2}[^'"`]*)['"`]/g,
      )) {
        offenders.push(`${path}: ${m[1]}={${m[2]}}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
