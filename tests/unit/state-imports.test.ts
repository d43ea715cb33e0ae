// The state layer (utils/snapshot) folds domain rows only: the API's shapes, its time parsing, the
// wording and the schedule stay below or above it, and nothing below imports the state.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Every module a file imports or re-exports (type-only too), as a path from the root. */
function importsOf(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(([, spec = '']) =>
    spec.startsWith('.') ? posix.join(posix.dirname(path), spec) : spec,
  );
}

const STATE = ['reducer', 'events', 'usage', 'types', 'scanned'].map((name) => `utils/snapshot/${name}.ts`);
const BELOW = ['utils/meridinate', 'utils/schedule'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => `${dir}/${name}`),
);

describe('the state layer reads domain rows only', () => {
  it.each(STATE)('%s imports from utils/meridinate only its domain rows and endpoints', (path) => {
    const imports = importsOf(path);
    expect(imports.length).toBeGreaterThan(0);
    const offenders = imports.filter(
      (target) =>
        target === 'valibot' ||
        target === 'utils/format' ||
        target.startsWith('utils/schedule/') ||
        (target.startsWith('utils/meridinate/') &&
          !['utils/meridinate/domain', 'utils/meridinate/endpoints'].includes(target)),
    );
    expect(offenders).toEqual([]);
  });

  it.each(BELOW)('%s imports nothing from utils/snapshot', (path) => {
    expect(importsOf(path).filter((target) => target.startsWith('utils/snapshot/'))).toEqual([]);
  });

  it('finds the modules below the state', () => {
    expect(BELOW).toEqual(expect.arrayContaining(['utils/meridinate/client.ts', 'utils/schedule/policy.ts']));
  });
});
