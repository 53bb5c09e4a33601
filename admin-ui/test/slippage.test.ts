import { describe, expect, it } from 'vitest';
import { eventText } from '../src/lib/format';

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
