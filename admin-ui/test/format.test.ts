import { describe, expect, it } from 'vitest';
import { flattenConfirmText } from '../src/lib/format';

describe('the flatten confirmation', () => {
  it('sells the open position of a long', () => {
    expect(flattenConfirmText({ symbol: 'AAPL', side: 'LONG', position: 100 })).toBe(
      'Sell 100 AAPL at market to close the long?',
    );
  });

  it('buys the open position of a short, never "sell"', () => {
    const text = flattenConfirmText({ symbol: 'AAPL', side: 'SHORT', position: 100 });
    expect(text).toBe('Buy 100 AAPL at market to close the short?');
    expect(text).not.toMatch(/sell/i);
  });

  it('names the open position, not the planned quantity, after a partial entry', () => {
    expect(flattenConfirmText({ symbol: 'MSFT', side: 'SHORT', position: 30 })).toBe(
      'Buy 30 MSFT at market to close the short?',
    );
  });

  it('says there is nothing to close when no position is open', () => {
    expect(flattenConfirmText({ symbol: 'SPY', side: 'LONG', position: 0 })).toBe(
      "No SPY position is open: cancel this plan's working orders?",
    );
  });
});
