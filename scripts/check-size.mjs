#!/usr/bin/env node
// Bundle weight (gzip -9) of the production build in .output/chrome-mv3, per entry. Exits 1 when
// the content script is over its budget. Builds only with --build, or when the build is missing.
//   node scripts/check-size.mjs [--build] [--json] [--dir PATH]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildExtension } from './bench/build.mjs';
import { budgetLine, displayPath, measureBundle, sizeTable } from './bench/size.mjs';
import { fmt, ROOT } from './bench/util.mjs';

const args = process.argv.slice(2);
const dirFlag = args.indexOf('--dir');
const dir = dirFlag >= 0 ? args[dirFlag + 1] : join(ROOT, '.output/chrome-mv3');

if (args.includes('--build') || (dirFlag < 0 && !existsSync(join(dir, 'manifest.json')))) {
  console.log('Building the production extension (wxt build)…');
  const { ms } = await buildExtension();
  console.log(`Built in ${fmt(ms / 1000)} s.\n`);
}
if (!existsSync(join(dir, 'manifest.json'))) {
  console.error(`No build in ${dir}.`);
  process.exit(2);
}

const result = measureBundle(dir);
if (args.includes('--json')) console.log(JSON.stringify(result, null, 2));
else {
  console.log(
    `Bundle weight of ${displayPath(dir, ROOT)} (each file gzip -9 on its own, summed per entry)\n`,
  );
  console.log(sizeTable(result));
  console.log('');
}
const ok = result.contentScript?.withinBudget === true;
(ok ? console.log : console.error)(budgetLine(result));
process.exit(ok ? 0 : 1);
