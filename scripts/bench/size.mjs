// Bundle weight of a built Chrome MV3 directory: what each entry loads, raw and gzip -9.
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, posix, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fmt, table } from './util.mjs';

/** The content script must stay under this (gzip -9 bytes); enforced in CI. */
export const CONTENT_SCRIPT_BUDGET = 14_336;
/** What we aim for. */
export const CONTENT_SCRIPT_GOAL = 12_288;

const gzipSize = (buffer) => gzipSync(buffer, { level: 9 }).length;

/** Static imports (`import … from "x"`, `import "x"`) of an ES module, resolved against its path. */
function staticImports(file, code) {
  const found = new Set();
  for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.m?js)["']/g)) {
    found.add(posix.join(posix.dirname(file), match[1]));
  }
  return [...found];
}

/** Every file an entry loads: its scripts with their static imports (transitively) and its CSS. */
function closure(root, files) {
  const seen = new Set();
  const queue = [...files];
  while (queue.length) {
    const file = normalize(queue.shift()).replace(/^\/+/, '');
    if (seen.has(file)) continue;
    const path = join(root, file);
    if (!existsSync(path)) throw new Error(`${file} is referenced but missing from ${root}`);
    seen.add(file);
    if (/\.m?js$/.test(file)) queue.push(...staticImports(file, readFileSync(path, 'utf8')));
  }
  return [...seen];
}

/** Scripts and stylesheets an extension page (popup.html, options.html) loads. */
function pageFiles(root, html) {
  const text = readFileSync(join(root, html), 'utf8');
  const refs = [];
  for (const m of text.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) refs.push(m[1]);
  for (const m of text.matchAll(/<link\b[^>]*\brel="(?:modulepreload|stylesheet)"[^>]*\bhref="([^"]+)"/g))
    refs.push(m[1]);
  return refs.map((r) => posix.join(posix.dirname(`/${html}`), r));
}

function describe(root, name, files) {
  const list = closure(root, files).map((file) => {
    const buffer = readFileSync(join(root, file));
    return { file, raw: buffer.length, gzip: gzipSize(buffer) };
  });
  return {
    name,
    files: list,
    raw: list.reduce((s, f) => s + f.raw, 0),
    gzip: list.reduce((s, f) => s + f.gzip, 0),
  };
}

/**
 * Measures each entry of the build in `root` (a chrome-mv3 directory). Sizes of an entry are the
 * sum over its files of each file gzipped on its own with level 9. The content script's CSS is
 * inlined in its JS by this project; CSS listed in the manifest would be counted too.
 */
export function measureBundle(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const entries = [];
  for (const script of manifest.content_scripts ?? []) {
    const files = [...(script.js ?? []), ...(script.css ?? [])];
    const name = files.length === 1 ? 'content script' : `content script (${files.join(', ')})`;
    entries.push({ ...describe(root, name, files), kind: 'content' });
  }
  const worker = manifest.background?.service_worker ?? manifest.background?.scripts?.[0];
  if (worker) entries.push({ ...describe(root, 'background', [worker]), kind: 'background' });
  const popup = manifest.action?.default_popup ?? manifest.browser_action?.default_popup;
  if (popup) entries.push({ ...describe(root, 'popup', pageFiles(root, popup)), kind: 'popup' });
  const options = manifest.options_ui?.page ?? manifest.options_page;
  if (options) entries.push({ ...describe(root, 'options', pageFiles(root, options)), kind: 'options' });
  const content = entries.find((e) => e.kind === 'content');
  return {
    dir: root,
    entries,
    contentScript: content
      ? {
          gzip: content.gzip,
          budget: CONTENT_SCRIPT_BUDGET,
          goal: CONTENT_SCRIPT_GOAL,
          withinBudget: content.gzip <= CONTENT_SCRIPT_BUDGET,
          withinGoal: content.gzip <= CONTENT_SCRIPT_GOAL,
        }
      : null,
  };
}

/** Relative path for display. */
export function displayPath(path, from) {
  const rel = relative(from, path);
  return rel.startsWith('..') ? path : rel || '.';
}

/** The per-entry size table of a measurement, as text. */
export function sizeTable(result) {
  const rows = [];
  for (const entry of result.entries) {
    const limit =
      entry.kind === 'content' ? `≤ ${fmt(CONTENT_SCRIPT_BUDGET)} (goal ${fmt(CONTENT_SCRIPT_GOAL)})` : '';
    if (entry.files.length === 1) {
      rows.push([entry.name, entry.files[0].file, fmt(entry.raw), fmt(entry.gzip), limit]);
      continue;
    }
    rows.push([entry.name, `${entry.files.length} files, total`, fmt(entry.raw), fmt(entry.gzip), limit]);
    for (const f of entry.files) rows.push(['', `  ${f.file}`, fmt(f.raw), fmt(f.gzip), '']);
  }
  return table(['entry', 'files', 'raw B', 'gzip -9 B', 'budget B'], rows);
}

/** One line saying where the content script stands against its budget and goal. */
export function budgetLine(result) {
  const cs = result.contentScript;
  if (!cs) return 'No content script in the manifest.';
  const over = (limit) => fmt(cs.gzip - limit);
  const verdict = !cs.withinBudget
    ? `OVER the budget by ${over(CONTENT_SCRIPT_BUDGET)} B`
    : cs.withinGoal
      ? 'within the budget and the goal'
      : `within the budget, over the goal by ${over(CONTENT_SCRIPT_GOAL)} B`;
  return `Content script: ${fmt(cs.gzip)} B gzip -9: ${verdict} (budget ${fmt(CONTENT_SCRIPT_BUDGET)} B, goal ${fmt(CONTENT_SCRIPT_GOAL)} B).`;
}
