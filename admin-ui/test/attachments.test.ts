import { describe, expect, it } from 'vitest';
import { attachedRuns, attachedText, referenceSummary, type TestRunJson } from '../src/lib/rules';

describe('attached scenarios and reference', () => {
  it('says what a version carries', () => {
    expect(attachedText(undefined)).toBe('none');
    expect(attachedText({ scenarios: [], referenceFiles: false, referenceName: null })).toBe('none');
    expect(attachedText({ scenarios: ['scenarios/a.json'], referenceFiles: false })).toBe('1 scenario');
    expect(attachedText({ scenarios: ['scenarios/a.json', 'scenarios/b.json'], referenceFiles: true, referenceName: null })).toBe('2 scenarios; reference: its own files');
    expect(attachedText({ scenarios: [], referenceFiles: false, referenceName: 'default' })).toBe('reference: default');
  });

  it('lists the attached runs failed first and counts the failed', () => {
    const run: TestRunJson = {
      passed: false,
      summary: '3 passed, 1 failed of scenarios and 2 attached',
      problems: [],
      scenarios: [
        { name: 'shipped', file: 'rules/scenarios/01.json', verdict: 'PASS', report: [] },
        { name: 'ok', file: 'scenarios/ok.json', verdict: 'PASS', report: [], attached: true },
        { name: 'desk', file: 'scenarios/desk.json', verdict: 'FAIL', report: ['>> 5 FILL'], attached: true },
        { name: 'known', file: 'scenarios/known.json', verdict: 'EXPECTED-FAIL', report: ['x'], attached: true },
      ],
    };
    const a = attachedRuns(run);
    expect(a.runs.map((s) => s.name)).toEqual(['desk', 'ok', 'known']);
    expect(a.failed).toBe(1);
  });

  it('says why a version’s own reference did not run', () => {
    expect(referenceSummary({ name: 'attached', error: 'reference/ticks.csv line 3: bad price' })).toBe('Reference attached: reference/ticks.csv line 3: bad price');
  });
});
