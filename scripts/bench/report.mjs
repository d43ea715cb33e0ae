// Turns the benchmark's results into summary rows, printed as a text table and as Markdown.
import { fmt, table } from './util.mjs';

const verdict = (ok) => (ok === null || ok === undefined ? '' : ok ? 'yes' : 'NO');

/** A row from a {median, min, max} statistic. */
function row(group, metric, s, unit, target = '', ok = null) {
  return {
    group,
    metric,
    median: s?.median ?? null,
    min: s?.min ?? null,
    max: s?.max ?? null,
    unit,
    target,
    ok,
  };
}
/** A row from a single deterministic value. */
function single(group, metric, value, unit, target = '', ok = null) {
  return { group, metric, median: value, min: null, max: null, unit, target, ok };
}

/** Summary rows of every scenario that ran. */
export function summaryRows(results) {
  const rows = [];
  const { size, bar, latency, load, impact, scale } = results.scenarios;
  if (size) {
    for (const e of size.entries) {
      const content = e.kind === 'content';
      rows.push(
        single(
          'Bundle (gzip -9)',
          e.name,
          e.gzip,
          'B',
          content ? `≤ ${fmt(size.contentScript.budget)} (goal ${fmt(size.contentScript.goal)})` : '',
          content ? size.contentScript.withinBudget : null,
        ),
      );
    }
  }
  if (bar) {
    const m = bar.metrics;
    rows.push(row('Time to bar', 'cold, from navigation start', m.coldFromNavStart, 'ms'));
    rows.push(row('Time to bar', 'cold, after DOMContentLoaded', m.coldAfterDcl, 'ms'));
    rows.push(row('Time to bar', 'stored snapshot, from navigation start', m.storedFromNavStart, 'ms'));
    rows.push(
      row(
        'Time to bar',
        'stored snapshot, after DOMContentLoaded',
        m.storedAfterDcl,
        'ms',
        '≤ 100',
        m.storedAfterDcl.max <= 100,
      ),
    );
    rows.push(
      row('Time to bar', 'client-side route change', m.routeChange, 'ms', '≤ 100', m.routeChange.max <= 100),
    );
  }
  if (latency) {
    const m = latency.metrics;
    rows.push(
      row(
        'Update latency',
        'WebSocket hint (analysis)',
        m.hint,
        'ms',
        '≤ 1,000',
        m.hint.max <= latency.targets.hintMs,
      ),
    );
    rows.push(
      row(
        'Update latency',
        `polling alone, ${latency.pollSeconds} s interval`,
        m.poll,
        'ms',
        `≤ ${fmt(latency.targets.pollMs)}`,
        m.poll.max <= latency.targets.pollMs,
      ),
    );
  }
  if (load) {
    for (const t of load.byTabs) {
      rows.push(
        row('Back-end load', `extension, ${t.tabs} tab${t.tabs > 1 ? 's' : ''}`, t.ours.total, 'req/min'),
      );
    }
    for (const t of load.byTabs) {
      rows.push(
        row(
          'Back-end load',
          `per-tab baseline, ${t.tabs} tab${t.tabs > 1 ? 's' : ''}`,
          t.baseline.total,
          'req/min',
        ),
      );
    }
    for (const t of load.byTabs) {
      rows.push(
        row('Back-end load', `ratio extension/baseline, ${t.tabs} tab${t.tabs > 1 ? 's' : ''}`, t.ratio, '×'),
      );
    }
    const flat = load.flatness.maxOverMin;
    rows.push(
      single(
        'Back-end load',
        'extension, max/min over 1/5/10 tabs',
        flat,
        '×',
        'flat (≈ 1)',
        flat !== null && flat <= 1.25,
      ),
    );
    rows.push(
      row(
        'Back-end load',
        'no bar, no popup',
        load.idlePerMinute,
        'req/min',
        '0',
        load.idlePerMinute.max === 0,
      ),
    );
  }
  if (impact) {
    const m = impact.metrics;
    rows.push(
      row(
        'Host page',
        'long tasks (> 50 ms) by the extension',
        m.longTasksByExtension,
        'count',
        '0',
        m.longTasksByExtension.max === 0,
      ),
    );
    rows.push(row('Host page', 'long tasks on the page, with extension', m.longTasksWith, 'count'));
    rows.push(row('Host page', 'long tasks on the page, without', m.longTasksWithout, 'count'));
    rows.push(
      row('Host page', 'CLS of the bar’s own shifts', m.clsBar, '', '≤ 0.001', m.clsBar.max <= 0.001),
    );
    rows.push(row('Host page', '… the bar moving (docking)', m.clsBarDock, ''));
    rows.push(row('Host page', '… content moving inside the bar', m.clsBarContent, ''));
    rows.push(row('Host page', 'page CLS (the app’s own shifts too), with', m.clsWith, ''));
    rows.push(row('Host page', 'page CLS (the app’s own shifts too), without', m.clsWithout, ''));
    rows.push(row('Host page', 'JS heap added to the page', m.heapAddedKiB, 'KiB'));
    rows.push(row('Host page', 'DOM nodes added', m.nodesAdded, 'nodes'));
    rows.push(row('Host page', 'extension script per update (episode)', m.extensionCpuPerEpisodeMs, 'ms'));
    rows.push(row('Host page', 'extension script, longest episode', m.extensionLongestEpisodeMs, 'ms'));
    const perMin = (s) => ({
      median: s.median * (60_000 / impact.windowMs),
      min: s.min * (60_000 / impact.windowMs),
      max: s.max * (60_000 / impact.windowMs),
    });
    rows.push(row('Host page', 'extension script per minute', perMin(m.extensionCpuMs), 'ms/min'));
    rows.push(row('Host page', 'main-thread time added per episode', m.addedTaskMsPerEpisode, 'ms'));
    rows.push(
      row('Host page', 'main-thread task time with extension', perMin(m.mainThreadTaskMsWith), 'ms/min'),
    );
    rows.push(row('Host page', 'main-thread task time without', perMin(m.mainThreadTaskMsWithout), 'ms/min'));
  }
  if (scale) {
    for (const s of scale.bySize) {
      const n = fmt(s.tokens);
      rows.push(
        single(
          'Scale of data',
          `${n} tokens: history body`,
          s.bodyBytes / 1048576,
          'MiB',
          `client limit ${fmt(s.maxBodyBytes / 1048576)} MiB`,
          s.clientAccepts,
        ),
      );
      rows.push(row('Scale of data', `${n} tokens: parse + validate + reduce`, s.metrics.buildMs, 'ms'));
      rows.push(row('Scale of data', `${n} tokens: heap during one build`, s.metrics.heapMiB, 'MiB'));
    }
  }
  return rows;
}

const cells = (r, digits) => [
  r.group,
  r.metric,
  fmt(r.median, digits),
  r.min === null ? '' : fmt(r.min, digits),
  r.max === null ? '' : fmt(r.max, digits),
  r.unit,
  r.target,
  verdict(r.ok),
];
const HEADERS = ['scenario', 'metric', 'median', 'min', 'max', 'unit', 'target', 'met'];

const digitsFor = (r) => (r.unit === '' ? 4 : r.unit === '×' ? 2 : 1);

export function textSummary(rows) {
  return table(
    HEADERS,
    rows.map((r) => cells(r, digitsFor(r))),
  );
}

export function markdownSummary(rows) {
  const lines = [
    `| ${HEADERS.join(' | ')} |`,
    `| ${HEADERS.map((_, i) => (i >= 2 && i <= 4 ? '---:' : '---')).join(' | ')} |`,
  ];
  for (const r of rows)
    lines.push(
      `| ${cells(r, digitsFor(r))
        .map((c) => String(c).replaceAll('|', '\\|'))
        .join(' | ')} |`,
    );
  return lines.join('\n');
}

/** Per-endpoint requests per minute of the load scenario (medians over runs). */
export function loadEndpointRows(load) {
  const rows = [];
  const sides = [
    ['extension', 'ours'],
    ['baseline', 'baseline'],
  ];
  for (const [label, side] of sides) {
    const paths = new Set();
    for (const t of load.byTabs) for (const p of Object.keys(t[side].perEndpoint)) paths.add(p);
    for (const path of [...paths].sort()) {
      rows.push([label, path, ...load.byTabs.map((t) => fmt(t[side].perEndpoint[path]?.median ?? 0, 1))]);
    }
    rows.push([label, 'total', ...load.byTabs.map((t) => fmt(t[side].total.median, 1))]);
  }
  return {
    headers: ['side', 'endpoint', ...load.byTabs.map((t) => `${t.tabs} tab${t.tabs > 1 ? 's' : ''}`)],
    rows,
  };
}

export function textTable({ headers, rows }) {
  return table(headers, rows);
}

export function markdownTable({ headers, rows }) {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map((_, i) => (i >= 2 ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const SCENARIO_TITLES = {
  size: 'Bundle',
  bar: 'Time to bar',
  latency: 'Update latency',
  load: 'Back-end load',
  impact: 'Host page',
  scale: 'Scale of data',
};

/** One line per scenario saying under which conditions it was measured. */
export function conditionLines(results) {
  return Object.entries(results.scenarios)
    .filter(([, r]) => r.note)
    .map(([name, r]) => `${SCENARIO_TITLES[name] ?? name}: ${r.note}`);
}
