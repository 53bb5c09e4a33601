import { describe, expect, it } from 'vitest';
import { choose, emptyStrategy, parameterHint, strategyPaths, strategyRequest, strategyText, type StrategySchema } from '../src/lib/strategies';

const schemas: StrategySchema[] = [
  {
    name: 'trail-atr-after-1r',
    description: 'trail',
    parameters: [
      { name: 'atrMultiple', type: 'decimal', min: '0.5', max: '10', defaultValue: '2', description: 'ATRs behind' },
      { name: 'atrBarsMin', type: 'integer', min: '1', max: '14', defaultValue: '5' },
    ],
  },
  { name: 'exit-at-time', parameters: [{ name: 'exitAt', type: 'time', min: '09:30', max: '16:00', defaultValue: '15:55' }] },
];

describe('strategies', () => {
  it('picking a strategy fills every parameter with its default', () => {
    expect(choose(schemas, 'trail-atr-after-1r')).toEqual({ name: 'trail-atr-after-1r', params: { atrMultiple: '2', atrBarsMin: '5' } });
    expect(choose(schemas, 'nope')).toEqual({ name: '', params: {} });
  });

  it('sends decimals as the strings typed and leaves out none and empty parameters', () => {
    expect(strategyRequest(emptyStrategy())).toBeUndefined();
    const f = choose(schemas, 'trail-atr-after-1r');
    f.params.atrMultiple = ' 2.50 ';
    f.params.atrBarsMin = '';
    const body = JSON.stringify(strategyRequest(f));
    expect(body).toBe('{"name":"trail-atr-after-1r","params":{"atrMultiple":"2.50"}}');
  });

  it('names the error paths it shows and describes each parameter', () => {
    expect(strategyPaths(choose(schemas, 'exit-at-time'))).toContain('strategy.params.exitAt');
    expect(parameterHint(schemas[0]!.parameters[0]!)).toBe('ATRs behind; 0.5 to 10; default 2');
    expect(strategyText({ name: 'exit-at-time', params: { exitAt: '15:55' } })).toBe('exit-at-time (exitAt 15:55)');
    expect(strategyText(null)).toBe('none');
  });
});
