import { describe, expect, it } from 'vitest';
import { drlTokens, type DrlState } from '../src/lib/drl';

describe('the DRL tokenizer', () => {
  it('names the frame of a rule and its attributes as keywords', () => {
    expect(drlTokens('rule "The entry triggers"')).toEqual([
      ['rule', 'keyword'],
      ['"The entry triggers"', 'string'],
    ]);
    expect(drlTokens('    ruleflow-group "entry"')).toEqual([
      ['ruleflow-group', 'keyword'],
      ['"entry"', 'string'],
    ]);
    expect(drlTokens('    salience 10')).toEqual([
      ['salience', 'keyword'],
      ['10', 'number'],
    ]);
    expect(drlTokens('    no-loop true')).toEqual([
      ['no-loop', 'keyword'],
      ['true', 'bool'],
    ]);
    for (const w of ['when', 'then', 'end', 'package', 'import', 'global', 'function', 'query', 'declare']) {
      expect(drlTokens(w)).toEqual([[w, 'keyword']]);
    }
  });

  it('names the fact operations and condition words, bindings and types', () => {
    expect(drlTokens('    modify($p) { setStatus(PlanStatus.CANCELLED) }')).toEqual([
      ['modify', 'operatorKeyword'],
      ['(', null],
      ['$p', 'variableName.special'],
      [')', null],
      ['{', null],
      ['setStatus', null],
      ['(', null],
      ['PlanStatus', 'typeName'],
      ['.', null],
      ['CANCELLED', 'typeName'],
      [')', null],
      ['}', null],
    ]);
    for (const w of ['insert', 'retract', 'delete', 'update', 'not', 'exists', 'eval', 'from', 'accumulate']) {
      expect(drlTokens(w)).toEqual([[w, 'operatorKeyword']]);
    }
    expect(drlTokens('$t : Tick()')).toEqual([
      ['$t', 'variableName.special'],
      [':', 'operator'],
      ['Tick', 'typeName'],
      ['(', null],
      [')', null],
    ]);
  });

  it('does not take a word that only starts like a keyword, nor a minus, for a keyword', () => {
    expect(drlTokens('rules ender')).toEqual([
      ['rules', null],
      ['ender', null],
    ]);
    // "price-stop" is a subtraction, not an attribute: price, -, stop
    expect(drlTokens('price-stop')).toEqual([
      ['price', null],
      ['-', 'operator'],
      ['stop', null],
    ]);
    expect(drlTokens('import java.math.BigDecimal;')[0]).toEqual(['import', 'keyword']);
  });

  it('reads strings with escaped quotes and keywords inside them as one string', () => {
    expect(drlTokens('"say \\"when\\" then end" rule')).toEqual([
      ['"say \\"when\\" then end"', 'string'],
      ['rule', 'keyword'],
    ]);
  });

  it('reads line comments and block comments over several lines', () => {
    expect(drlTokens('end // rule when then')).toEqual([
      ['end', 'keyword'],
      ['// rule when then', 'comment'],
    ]);
    const state: DrlState = { inComment: false };
    expect(drlTokens('when /* a rule', state)).toEqual([
      ['when', 'keyword'],
      ['/* a rule', 'comment'],
    ]);
    expect(state.inComment).toBe(true);
    expect(drlTokens('still then */ then', state)).toEqual([
      ['still then */', 'comment'],
      ['then', 'keyword'],
    ]);
    expect(state.inComment).toBe(false);
  });

  it('reads numbers with decimals and suffixes, and operators', () => {
    expect(drlTokens('last >= 101.25B && qty != 10L')).toEqual([
      ['last', null],
      ['>=', 'operator'],
      ['101.25B', 'number'],
      ['&&', 'operator'],
      ['qty', null],
      ['!=', 'operator'],
      ['10L', 'number'],
    ]);
  });

  it('tokenizes every line of a shipped-like rule without getting stuck', () => {
    const rule = [
      'package lifecycle;',
      'import com.tradeplan.domain.market.Tick;',
      'rule "An entry that has not triggered by its expiry time is cancelled"',
      '    ruleflow-group "entry"',
      'when',
      '    $t : Tick()',
      '    $p : PlanState( symbol == $t.symbol(), status == PlanStatus.ACTIVE, expiresAt != null,',
      '                    $t.time().isAfter(expiresAt) )',
      'then',
      '    modify($p) { setStatus(PlanStatus.CANCELLED) }',
      'end',
    ];
    const state: DrlState = { inComment: false };
    const keywords = rule.flatMap((l) => drlTokens(l, state)).filter(([, s]) => s === 'keyword').map(([t]) => t);
    expect(keywords).toEqual(['package', 'import', 'rule', 'ruleflow-group', 'when', 'then', 'end']);
  });
});
