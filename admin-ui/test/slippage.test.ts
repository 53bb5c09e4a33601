import { describe, expect, it } from 'vitest';
import { emptyForm, renderedPaths, toRequest } from '../src/lib/fields';
import { eventText } from '../src/lib/format';
import { formFromShape } from '../src/lib/templates';

describe('a slippage-protected entry fill in the history', () => {
  it('shows the slippage as the server worded it', () => {
    expect(
      eventText({
        seq: 7,
        type: 'SLIPPAGE',
        role: 'ENTRY',
        side: 'BUY',
        quantity: 100,
        price: '0.03',
        reason: '3 ticks worse than the trigger 101.00 (0.03 a share, 3.00 for 100 shares; limit 101.03)',
      }),
    ).toBe(
      'entry slippage: 3 ticks worse than the trigger 101.00 (0.03 a share, 3.00 for 100 shares; limit 101.03)',
    );
  });
});

describe('the plan form\'s slippage protection', () => {
  it('sends a whole number of ticks as a JSON integer, nothing when empty, anything else as typed', () => {
    const f = emptyForm();
    f.entryPrice = '101.00';
    expect(toRequest(f).entry.maxSlippageTicks).toBeUndefined();
    f.maxSlippageTicks = ' 3 ';
    expect(JSON.stringify(toRequest(f).entry)).toBe('{"condition":"ABOVE","price":"101.00","maxSlippageTicks":3}');
    f.maxSlippageTicks = '2.5';
    expect(toRequest(f).entry.maxSlippageTicks).toBe('2.5');
    expect(renderedPaths(f).has('entry.maxSlippageTicks')).toBe(true);
  });

  it('survives a template and a clone', () => {
    expect(formFromShape({ entry: { condition: 'BELOW', price: '50.00', maxSlippageTicks: 4 } }).maxSlippageTicks).toBe('4');
    expect(formFromShape({ entry: { condition: 'BELOW', price: '50.00' } }).maxSlippageTicks).toBe('');
  });
});
