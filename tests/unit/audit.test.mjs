import { describe, expect, it } from 'vitest';
import { auditVerdict } from '../../scripts/audit.mjs';

const counts = (patch) => ({
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...patch } },
});

describe('auditVerdict', () => {
  it.each([
    ['no advisories', counts({}), 'clean', /No high or critical.*\(0 lower\)/],
    ['only low and moderate', counts({ low: 2, moderate: 1, total: 3 }), 'clean', /\(3 lower\)/],
    [
      'a high one',
      {
        ...counts({ high: 1, total: 1 }),
        vulnerabilities: { preact: { severity: 'high' }, other: { severity: 'low' } },
      },
      'vulnerable',
      /^1 high: preact \(high\)\.$/,
    ],
    [
      'high and critical',
      {
        ...counts({ high: 1, critical: 2, total: 3 }),
        vulnerabilities: { a: { severity: 'critical' }, b: { severity: 'high' } },
      },
      'vulnerable',
      /^1 high, 2 critical: a \(critical\), b \(high\)\.$/,
    ],
    [
      'the registry has no advisory endpoint (405)',
      {
        message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      },
      'unavailable',
      /did not answer: 405 Method Not Allowed/,
    ],
    [
      'an error without a message',
      { error: { summary: 'ENOTFOUND', detail: '' } },
      'unavailable',
      /ENOTFOUND/,
    ],
    ['nothing parsable', null, 'unavailable', /no report/],
    ['counts of the wrong type', { metadata: { vulnerabilities: 'many' } }, 'unavailable', /no report/],
  ])('%s', (_name, report, verdict, text) => {
    const result = auditVerdict(report);
    expect(result.verdict).toBe(verdict);
    expect(result.text).toMatch(text);
  });
});
