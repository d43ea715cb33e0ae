#!/usr/bin/env node
// Fails on high or critical advisories in the production dependencies (`npm audit --omit=dev`).
// Where the registry offers no advisory endpoint (some mirrors answer 405), it says so plainly
// and passes, unless --strict is given: then not being able to check is a failure too.
//   node scripts/audit.mjs [--strict]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FAILING = ['high', 'critical'];

/**
 * What an `npm audit --json` report means for us.
 * @returns {{ verdict: 'clean' | 'vulnerable' | 'unavailable', text: string }}
 */
export function auditVerdict(report) {
  const counts = report?.metadata?.vulnerabilities;
  if (counts && typeof counts === 'object') {
    const failing = FAILING.map((level) => [level, Number(counts[level]) || 0]).filter(([, n]) => n > 0);
    if (failing.length === 0) {
      const total = Number(counts.total) || 0;
      return {
        verdict: 'clean',
        text: `No high or critical advisories in the production dependencies (${total} lower).`,
      };
    }
    const names = Object.entries(report.vulnerabilities ?? {})
      .filter(([, v]) => FAILING.includes(v?.severity))
      .map(([name, v]) => `${name} (${v.severity})`);
    return {
      verdict: 'vulnerable',
      text: `${failing.map(([level, n]) => `${n} ${level}`).join(', ')}: ${names.join(', ') || 'see npm audit'}.`,
    };
  }
  const why =
    typeof report?.message === 'string' && report.message
      ? report.message
      : typeof report?.error?.summary === 'string' && report.error.summary
        ? report.error.summary
        : 'no report';
  return { verdict: 'unavailable', text: `The registry's advisory endpoint did not answer: ${why}.` };
}

function main() {
  const strict = process.argv.includes('--strict');
  const run = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  let report = null;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    report = { message: (run.stderr || run.error?.message || '').trim().split('\n')[0] };
  }
  const { verdict, text } = auditVerdict(report);
  if (verdict === 'clean') {
    console.log(`npm audit: ${text}`);
    return 0;
  }
  if (verdict === 'vulnerable') {
    console.error(`npm audit: ${text} Run \`npm audit --omit=dev\` for the fixes.`);
    return 1;
  }
  (strict ? console.error : console.warn)(
    `npm audit: NOT CHECKED. ${text}${strict ? '' : ' Passing without a check (--strict makes this fail).'}`,
  );
  return strict ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(main());
