#!/usr/bin/env node
/**
 * `npm run layout`: prints the figures that say how easy the code is to follow:
 * non-test lines per folder, the longest product files, and every import that runs
 * back up the layers (outside the allow-list in tests/unit/layers.json). Reads files as text; changes nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const PRODUCT = ['utils', 'components', 'entrypoints'];
const isTest = (f) => /\.test\.tsx?$/.test(f);

/** The allow-list of folder imports (tests/unit/layers.json, checked by tests/unit/layers.test.ts). */
const { layers: ALLOWED } = JSON.parse(readFileSync(join(ROOT, 'tests/unit/layers.json'), 'utf8'));
/** A product file's layer: its folder, or `base` for the modules at utils/'s top and public/. */
const layerOf = (file) => {
  const parts = file.split('/');
  if (parts[0] === 'public') return 'base';
  if (parts[0] === 'utils') return parts.length === 2 ? 'base' : `utils/${parts[1]}`;
  return parts[0];
};

const walk = (dir) =>
  readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = join(dir, name);
    return statSync(join(ROOT, rel)).isDirectory() ? walk(rel) : [rel];
  });

const files = PRODUCT.flatMap(walk).filter((f) => /\.(tsx?|css)$/.test(f) && !isTest(f));
const lines = (f) =>
  readFileSync(join(ROOT, f), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '').length;

const perFolder = new Map();
for (const f of files) {
  const folder = dirname(f);
  perFolder.set(folder, (perFolder.get(folder) ?? 0) + lines(f));
}
console.log('Non-test lines (non-blank) per folder:');
for (const [folder, n] of [...perFolder].sort()) console.log(`  ${folder.padEnd(28)} ${n}`);
console.log(`  ${'total'.padEnd(28)} ${[...perFolder.values()].reduce((a, b) => a + b, 0)}`);

const longest = files
  .filter((f) => !f.endsWith('.css'))
  .map((f) => [f, lines(f)])
  .sort((a, b) => b[1] - a[1]);
console.log('Longest product files:');
for (const [f, n] of longest.slice(0, 5)) console.log(`  ${f.padEnd(44)} ${n}`);

const back = [];
for (const f of files.filter((f) => !f.endsWith('.css'))) {
  const from = layerOf(f);
  const text = readFileSync(join(ROOT, f), 'utf8');
  for (const [, spec] of text.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)) {
    const to = layerOf(relative('.', normalize(join(dirname(f), spec))));
    if (to !== from && !(ALLOWED[from] ?? []).includes(to)) back.push(`${f} -> ${spec} (${from} -> ${to})`);
  }
}
console.log(`Imports that run back up the layers: ${back.length}`);
for (const b of back) console.log(`  ${b}`);
