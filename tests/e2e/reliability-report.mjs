// The generated reliability table (docs/reliability.md): rows the fault matrix adds as its cases
// pass, collected across the workers that run its lanes, and written once every lane has passed.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './demo-and-browser.mjs';

/** Where a partial run's table goes (the committed one stays). */
const INCOMPLETE = 'test-results/reliability-incomplete.md';

/** Words for the measurements a case records, in the order they are shown. */
const MEASURED_WORDS = [
  ['faultS', (v) => `fault held ${v} s`],
  ['floodS', (v) => `flood ${v} s`],
  ['hints', (v) => `${v} hints sent`],
  ['requests', (v) => `${v} credits requests`],
  ['historyRequests', (v) => `${v} history requests`],
  ['requestsAfter429', (v) => `${v} requests in the minute after the 429`],
  ['historyRequestsAfter429', (v) => `${v} history requests in the minute after its 429`],
  ['creditsRequestsDuringHold', (v) => `${v} credits requests during the hold`],
  ['staleAfterS', (v) => `figure drawn stale ${v} s after its last fetch`],
  ['detectedS', (v) => `noticed after ${v} s`],
  ['recoveryS', (v) => `live again ${v} s after it cleared`],
  ['gapsMs', (v) => `gaps ${v.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s`],
  ['delays', (v) => `backoff ${v.map((d) => (d.ms / 1000).toFixed(1)).join(', ')} s`],
];

/** The measurements of one case in words, numbers rounded to a tenth. */
export function describeMeasured(measured) {
  const round = (v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toFixed(1)) : v);
  const parts = [];
  for (const [key, words] of MEASURED_WORDS) {
    const value = measured[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    parts.push(words(round(value)));
  }
  return parts.join('; ') || '—';
}

/** Keeps a hand-written (or separately generated) section of an existing report across runs. */
function keptSection(file, heading, placeholder) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return placeholder;
  }
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) return placeholder;
  const rest = text.slice(start + 1);
  const next = rest.indexOf('\n## ', heading.length);
  return (next < 0 ? rest : rest.slice(0, next)).trimEnd().split('\n');
}

/**
 * The reliability table: one row per case, written as Markdown once the fault matrix has run, with
 * the raw measurements beside it in `test-results/` for whoever wants the exact numbers. The
 * matrix's lanes run in several workers: each lane declares itself (`lane(name)`), counts its cases
 * and, when it ends, hands in its rows (`finishLane`), which go to a file in the run's rows folder
 * (`LCB_REPORT_DIR`, made by the global set-up). The last lane to end writes the table from every
 * lane's rows: to `docs/reliability.md` when every case of every lane passed, otherwise (a failure
 * or a partial run) to `test-results/reliability-incomplete.md`. The last column gives what this
 * run measured. A `## Simulation` section already in the file is kept (it is written from the
 * simulation's results).
 */
export function createReport({ title, preamble, columns, notes = [] }) {
  const rowsDir = process.env.LCB_REPORT_DIR ?? join(ROOT, 'test-results/reliability-rows');
  /** Lanes declared in this file, by name: how many cases each has. */
  const lanes = new Map();
  /** Rows of the lane running now in this worker (a worker runs one lane at a time). */
  let pending = [];
  const laneFile = (name) => join(rowsDir, `${name.replace(/[^\w-]+/g, '-')}.json`);

  function write(path, rows) {
    const sorted = [...rows]
      .sort((a, b) => a.order - b.order)
      .map((row) => ({ ...row, cells: { ...row.cells, Measured: describeMeasured(row.measured) } }));
    const cell = (text) =>
      String(text ?? '')
        .replaceAll('|', '\\|')
        .replaceAll('\n', ' ');
    const lines = [
      `# ${title}`,
      '',
      ...preamble,
      '',
      `| ${columns.join(' | ')} |`,
      `| ${columns.map(() => '---').join(' | ')} |`,
      ...sorted.map((row) => `| ${columns.map((c) => cell(row.cells[c])).join(' | ')} |`),
      '',
      ...notes,
    ];
    const file = join(ROOT, path);
    lines.push(
      '',
      ...keptSection(file, '## Simulation', [
        '## Simulation',
        '',
        'Written from the deterministic simulation (`npm run sim`): what it covers and its latest result.',
      ]),
    );
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${lines.join('\n').trimEnd()}\n`);
    const rawFile = join(ROOT, 'test-results/reliability.json');
    mkdirSync(dirname(rawFile), { recursive: true });
    const raw = sorted.map(({ order, cells, measured }) => {
      const { Measured: _, ...rest } = cells;
      return { order, ...rest, measured };
    });
    writeFileSync(rawFile, `${JSON.stringify(raw, null, 2)}\n`);
  }

  return {
    /** Declares a lane of cases; `addCase()` counts one (call it where the case is defined). */
    lane(name) {
      lanes.set(name, 0);
      return { addCase: () => lanes.set(name, lanes.get(name) + 1) };
    },
    /** Adds a row: `cells` by column name; `measured` goes to the raw JSON only. */
    add(order, cells, measured = {}) {
      pending.push({ order, cells, measured });
    },
    /** Hands in the rows of the lane that just ended and writes the table from all lanes so far. */
    finishLane(name) {
      mkdirSync(rowsDir, { recursive: true });
      writeFileSync(laneFile(name), JSON.stringify({ name, cases: lanes.get(name), rows: pending }));
      pending = [];
      const done = new Map();
      for (const entry of readdirSync(rowsDir).filter((f) => f.endsWith('.json'))) {
        const lane = JSON.parse(readFileSync(join(rowsDir, entry), 'utf8'));
        done.set(lane.name, lane);
      }
      const complete = [...lanes].every(([lane, cases]) => done.get(lane)?.rows.length === cases);
      const rows = [...done.values()].flatMap((lane) => lane.rows);
      write(complete ? 'docs/reliability.md' : INCOMPLETE, rows);
      if (complete) rmSync(join(ROOT, INCOMPLETE), { force: true });
    },
  };
}
