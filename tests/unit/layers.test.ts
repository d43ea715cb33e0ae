// The layers as an allow-list of folder imports (tests/unit/layers.json; utils/README.md draws the
// same map): a folder imports only the folders listed for it, so no arrow runs back up.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const { layers: ALLOWED } = JSON.parse(readFileSync(join(ROOT, 'tests/unit/layers.json'), 'utf8')) as {
  layers: Record<string, string[]>;
};

/** Source files under `dir` (tests included when `withTests`), relative to the root. */
function sources(dir: string, withTests = false): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(join(ROOT, at))) {
      const path = join(at, name);
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (/\.(ts|tsx|mjs|js)$/.test(name) && (withTests || !/\.test\.tsx?$/.test(name))) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** A product file's layer: its folder, or `base` for the modules at utils/'s top and public/. */
function layerOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'public') return 'base';
  if (parts[0] === 'utils') return parts.length === 2 ? 'base' : `utils/${parts[1]}`;
  return parts[0] ?? path;
}

/** The relative imports of a file (comments dropped), resolved to paths from the root. */
function relativeImports(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) =>
    relative('.', normalize(join(dirname(path), m[1] ?? ''))),
  );
}

const PRODUCT = ['utils', 'components', 'entrypoints'].flatMap((dir) => sources(dir));

describe('layers', () => {
  it('places every product file in a known layer', () => {
    expect(PRODUCT.length).toBeGreaterThan(60);
    expect(PRODUCT.map(layerOf).filter((layer) => !(layer in ALLOWED))).toEqual([]);
  });

  it.each([
    ['utils/meridinate/client.ts', 'utils/meridinate'],
    ['utils/format.ts', 'base'],
    ['components/bar/Bar.tsx', 'components'],
    ['entrypoints/background.ts', 'entrypoints'],
    ['public/_locales/en/messages.json', 'base'],
  ])('%s is in %s', (path, layer) => {
    expect(layerOf(path)).toBe(layer);
  });

  it('has no arrow that runs back up: each import stays in its folder or goes to an allowed one', () => {
    const back = PRODUCT.flatMap((path) =>
      relativeImports(path)
        .filter((target) => {
          const from = layerOf(path);
          const to = layerOf(target);
          return to !== from && !(ALLOWED[from] ?? []).includes(to);
        })
        .map((target) => `${path} -> ${target}`),
    );
    expect(back).toEqual([]);
  });

  it('is an order: no two folders may import each other', () => {
    const cycles = Object.entries(ALLOWED).flatMap(([from, tos]) =>
      tos.filter((to) => (ALLOWED[to] ?? []).includes(from)).map((to) => `${from} <-> ${to}`),
    );
    expect(cycles).toEqual([]);
  });

  it('keeps components away from the browser glue and the browser API', () => {
    const offenders = sources('components', true).filter((path) =>
      /from\s+['"](wxt\/browser|webextension-polyfill|#imports|[./]+utils\/ext\/[^'"]*)['"]/.test(
        readFileSync(join(ROOT, path), 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the demo app free of extension code', () => {
    const offenders = sources('demo', true).filter((path) =>
      relativeImports(path).some((target) => /^(utils|components|entrypoints)\//.test(target)),
    );
    expect(sources('demo', true).length).toBeGreaterThan(3);
    expect(offenders).toEqual([]);
  });
});
