import { describe, expect, it } from 'vitest';
import {
  auditDetails,
  canaryActionConfirmation,
  canaryConfirmation,
  deployConfirmation,
  diagnosticsFor,
  eventText,
  overrideNeeded,
  parseCanaryUsers,
  pinnedElsewhere,
  problemRange,
  referenceSummary,
  rollbackConfirmation,
  ruleSetText,
  scenarioOk,
  type ProblemJson,
  type VersionJson,
} from '../src/lib/rules';

const TEXT = ['package lifecycle;', '', 'rule "Print"', 'then', '    System.out.println($t);', 'end'].join('\n');

function version(number: number, pinned: number, lastTest: VersionJson['lastTest'] = null): VersionJson {
  return {
    number,
    contentHash: 'h' + number,
    author: 'sam',
    createdAt: '2026-12-05T03:00:00Z',
    message: null,
    parent: number > 1 ? number - 1 : null,
    lastTest,
    deployed: false,
    pinnedBy: Array.from({ length: pinned }, (_, i) => `p${number}-${i}`),
  };
}

describe('where a problem sits in the editor', () => {
  it('maps line (from 1) and column (from 0) to the word there', () => {
    const r = problemRange(TEXT, 5, 4);
    expect(r.line).toBe(5);
    expect(TEXT.slice(r.from, r.to)).toBe('System.out.println');
  });

  it('marks the rest of the line from a column that is not on a word', () => {
    const r = problemRange(TEXT, 5, 22);
    expect(TEXT.slice(r.from, r.to)).toBe('($t);');
  });

  it('marks the line from its first non-blank for a column past its end', () => {
    const r = problemRange(TEXT, 5, 80);
    expect(TEXT.slice(r.from, r.to)).toBe('System.out.println($t);');
  });

  it('puts a whole-file problem (line 0) on the first line and one past the end on the last', () => {
    const first = problemRange(TEXT, 0, 0);
    expect(first.line).toBe(1);
    expect(TEXT.slice(first.from, first.to)).toBe('package');
    const last = problemRange(TEXT, 99, 0);
    expect(last.line).toBe(6);
    expect(TEXT.slice(last.from, last.to)).toBe('end');
  });

  it('gives an empty line an empty range at its start, still inside the text', () => {
    const r = problemRange(TEXT, 2, 0);
    expect(r.line).toBe(2);
    expect(r.from).toBe(TEXT.indexOf('\n') + 1);
    expect(r.to).toBe(r.from);
  });

  it('handles an empty text and a text without a final newline', () => {
    expect(problemRange('', 3, 5)).toEqual({ from: 0, to: 0, line: 1 });
    expect(problemRange('end', 1, 0)).toEqual({ from: 0, to: 3, line: 1 });
  });

  it('makes diagnostics only for the file shown, with the rule name and file:line:column', () => {
    const problems: ProblemJson[] = [
      { file: 'lifecycle/45-chatty.drl', line: 5, column: 4, rule: 'Print', message: 'System is forbidden' },
      { file: 'lifecycle/40-entry.drl', line: 3, column: 0, rule: null, message: 'other file' },
    ];
    const d = diagnosticsFor('lifecycle/45-chatty.drl', TEXT, problems);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error', message: 'rule "Print": System is forbidden', source: 'lifecycle/45-chatty.drl:5:4' });
    expect(TEXT.slice(d[0]!.from, d[0]!.to)).toBe('System.out.println');
  });
});

describe('the confirmations say exactly what will happen', () => {
  it('names the version deployed and the open plans that stay on theirs', () => {
    const versions = [version(4, 0), version(3, 12), version(2, 0), version(1, 1)];
    expect(deployConfirmation(versions[0]!, versions)).toBe(
      'Deploy version 4 to all members: plans activated from now on use it; 12 open plans stay on version 3 and 1 open plan on version 1.',
    );
    expect(pinnedElsewhere(4, [version(4, 3), version(3, 0)])).toBe('no open plan is on another version');
    expect(pinnedElsewhere(5, [version(4, 1), version(3, 2), version(2, 3)])).toBe(
      '1 open plan stays on version 4, 2 open plans on version 3 and 3 open plans on version 2',
    );
  });

  it('names both versions of a rollback', () => {
    const versions = [version(4, 3), version(3, 0), version(2, 0)];
    expect(rollbackConfirmation(versions[2]!, 4, versions)).toBe(
      'Roll back from version 4 to version 2 on all members: plans activated from now on use version 2; 3 open plans stay on version 4.',
    );
  });

  it('asks for an override reason unless the last test was green', () => {
    expect(overrideNeeded(version(4, 0))).toMatch(/^Version 4 has not been tested/);
    expect(overrideNeeded(version(4, 0, { passed: false, summary: '60 passed, 1 failed', actor: 'sam', at: 'x' }))).toMatch(
      /^Version 4 failed its last test \(60 passed, 1 failed\)/,
    );
    expect(overrideNeeded(version(4, 0, { passed: true, summary: '61 passed', actor: 'sam', at: 'x' }))).toBeNull();
    // the shipped version 1 was built with every scenario run: the server counts it green
    expect(overrideNeeded(version(1, 0))).toBeNull();
    // the server leaves out a null lastTest: an absent one is "not tested", not an error
    const { lastTest: _absent, ...untested } = version(5, 0);
    expect(overrideNeeded(untested)).toMatch(/^Version 5 has not been tested/);
  });

  it('writes audit details in one line', () => {
    expect(auditDetails({ from: 3, added: [], changed: ['lifecycle/40-entry.drl'], override: 'desk', members: { m1: 'ready' } })).toBe(
      'from 3; changed lifecycle/40-entry.drl; override "desk"; members m1: ready',
    );
    expect(auditDetails(null)).toBe('');
  });
});

describe('a plan\'s rule set and a scenario\'s verdict in words', () => {
  it('names the pinned version, and says when a plan has none', () => {
    expect(ruleSetText({ status: 'ACTIVE', ruleSetVersion: 3 })).toBe('version 3');
    expect(ruleSetText({ status: 'DRAFT' })).toBe('chosen when activated (the deployed version)');
    expect(ruleSetText({ status: 'CANCELLED', ruleSetVersion: null })).toBe('version 1 (stored before versions)');
  });

  it('lets PASS and EXPECTED-FAIL pass the suite, nothing else', () => {
    expect(['PASS', 'EXPECTED-FAIL', 'FAIL', 'UNEXPECTED-PASS', 'ERROR'].map(scenarioOk)).toEqual([true, true, false, false, false]);
  });
});

describe('the reference simulation in words', () => {
  it('says how many plans ended differently under which versions', () => {
    expect(
      referenceSummary({ name: 'default', deployedVersion: 3, testedVersion: 5, plansCompared: 40, ticks: 30000, plansEndedDifferently: 7 }),
    ).toBe('Reference default: 7 of 40 plans ended differently under version 5 than under the deployed version 3 (30000 ticks).');
    expect(referenceSummary({ name: 'x', missing: 'no plans.json and ticks.csv(.gz) in /r/x' })).toBe(
      'Reference x: no plans.json and ticks.csv(.gz) in /r/x',
    );
  });
  it('names an event by what the trader reads in it, or nothing', () => {
    expect(eventText({ tick: 3, type: 'ORDER', role: 'ENTRY', side: 'BUY', quantity: 100 })).toBe('ORDER ENTRY BUY 100');
    expect(eventText({ tick: 4, type: 'FILL', role: 'TARGET', side: 'SELL', quantity: 50, price: '103.00' })).toBe('FILL TARGET SELL 50 at 103.00');
    expect(eventText(null)).toBe('nothing');
  });
});

describe('a canary in words, and its users as typed', () => {
  const v5 = { number: 5, contentHash: 'h', author: 'sam', createdAt: 't', deployed: false, pinnedBy: [] } as VersionJson;
  it('parses a comma list and names what is wrong with it', () => {
    expect(parseCanaryUsers(' alice, bob ')).toEqual({ users: ['alice', 'bob'], error: null });
    expect(parseCanaryUsers('')).toEqual({ users: [], error: 'Name at least one user.' });
    expect(parseCanaryUsers('alice,,bob').error).toBe('A name is empty: write the users as alice, bob.');
    expect(parseCanaryUsers('alice, alice').error).toBe('alice is named twice.');
  });
  it('says exactly what a canary, a promote and an abort do', () => {
    expect(canaryConfirmation(v5, ['alice', 'bob'], 3)).toBe(
      "Deploy version 5 as a canary to alice, bob: their plans activated from now on use it, everyone else's use the deployed version 3; open plans stay on their versions.",
    );
    const c = { version: 5, users: ['alice', 'bob'], actor: 'sam', at: 't' };
    expect(canaryActionConfirmation('promote', c, 3)).toBe(
      'Promote the canary: deploy version 5 to all members; every plan activated from now on uses it; open plans stay on their versions.',
    );
    expect(canaryActionConfirmation('abort', c, 3)).toBe(
      'Abort the canary: alice, bob get the deployed version 3 again for plans activated from now on; their plans pinned to version 5 run on it until they end.',
    );
  });
});
