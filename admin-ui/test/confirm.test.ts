import { describe, expect, it } from 'vitest';
import { activateText, cancelConfirmText } from '../src/lib/format';

const plan = { symbol: 'AAPL', side: 'LONG' as const, quantity: 100, filledEntryQuantity: 0, entry: { condition: 'ABOVE' as const, price: '101.00' } };

describe('confirmations say exactly what will happen', () => {
  it('cancel: a draft and a waiting plan send nothing', () => {
    expect(cancelConfirmText({ ...plan, status: 'DRAFT' })).toBe('Cancel the AAPL draft? Nothing has been sent to the broker.');
    expect(cancelConfirmText({ ...plan, status: 'ACTIVE', side: 'SHORT' })).toBe(
      'Cancel the AAPL plan? It stops waiting to sell 100 AAPL; no order is working, none is sent.',
    );
  });
  it('cancel: a working entry names the order and what stays', () => {
    expect(cancelConfirmText({ ...plan, status: 'ENTRY_SUBMITTED' })).toBe('Cancel the working entry order to buy 100 AAPL?');
    expect(cancelConfirmText({ ...plan, status: 'ENTRY_SUBMITTED', side: 'SHORT', filledEntryQuantity: 40 })).toBe(
      'Cancel the working entry order to sell 60 AAPL? The 40 filled stay a live trade with their stops and targets.',
    );
  });
  it('activate says the order the entry will send', () => {
    expect(activateText(plan)).toBe('Buy 100 AAPL when the last price is at or above 101.00');
    expect(activateText({ ...plan, side: 'SHORT', entry: { condition: 'BELOW', price: '50' } })).toBe('Sell 100 AAPL when the last price is at or below 50');
  });
});
