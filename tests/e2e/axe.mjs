// axe-core in a page of the end-to-end browser: inject, run, and fail on what a person would hit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe in the page (injected through the debugging protocol, so the extension pages' CSP does
 * not stop it) over `include` (selectors; null for the whole document), and returns what it found.
 */
export async function audit(page, include) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (include) => {
    const result = await window.axe.run(include ? { include } : document, {});
    const slim = (items) =>
      items.map((r) => ({ id: r.id, impact: r.impact, nodes: r.nodes.map((n) => n.target) }));
    return {
      violations: slim(result.violations),
      passes: slim(result.passes),
      incomplete: slim(result.incomplete),
    };
  }, include);
}

/** What an audit checked and found (a target inside a shadow root is a path: [host, inner]). */
export function summarize(result) {
  const checked = [...result.passes, ...result.violations, ...result.incomplete].flatMap((r) => r.nodes);
  return {
    checked,
    summary: {
      rulesPassed: result.passes.length,
      nodesChecked: checked.length,
      violations: result.violations.map((v) => `${v.impact} ${v.id} (${v.nodes.length})`),
      // Nodes axe could not decide (e.g. contrast over a translucent layer): for a person to look at.
      incomplete: result.incomplete.map((v) => `${v.id} (${v.nodes.length})`),
    },
  };
}

/** Fails on serious or critical violations. */
export function assertNoSeriousViolations(name, result) {
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `${name}: serious or critical violations`);
}
