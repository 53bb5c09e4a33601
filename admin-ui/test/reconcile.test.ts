import { describe, expect, it } from 'vitest';
import { actionBody, adoptedSide, flattenOrder, formError, type Mismatch } from '../src/lib/reconcile';

const long: Mismatch = {
  account: 'DU1',
  symbol: 'AAPL',
  ibQuantity: '125',
  tradeplanQuantity: '100',
  difference: '25',
  since: '2026-12-05T06:00:00Z',
};
const short: Mismatch = { ...long, ibQuantity: '20', tradeplanQuantity: '30', difference: '-10' };
const form = { owner: ' alice ', stop: '100.00', target: '', why: 'manual TWS buy' };

describe('reconciliation actions', () => {
  it('adopts shares IB holds beyond the plans as LONG and flattens them by a SELL, and the reverse', () => {
    expect(adoptedSide(long)).toBe('LONG');
    expect(flattenOrder(long)).toBe('SELL 25 AAPL at market for DU1');
    expect(adoptedSide(short)).toBe('SHORT');
    expect(flattenOrder(short)).toBe('BUY 10 AAPL at market for DU1');
  });

  it('needs an owner, and a stop to adopt; a flatten needs no stop', () => {
    expect(formError('adopt', { ...form, owner: '' })).toMatch(/user/);
    expect(formError('adopt', { ...form, stop: '' })).toMatch(/stop is required/);
    expect(formError('adopt', { ...form, target: 'x' })).toMatch(/target/);
    expect(formError('adopt', form)).toBeNull();
    expect(formError('flatten', { ...form, stop: '' })).toBeNull();
  });

  it('sends the difference as seen, the stop to adopt and the confirmation to flatten', () => {
    expect(actionBody('adopt', long, { ...form, target: '110.00' })).toEqual({
      account: 'DU1',
      symbol: 'AAPL',
      owner: 'alice',
      expectedDifference: '25',
      stop: '100.00',
      target: '110.00',
      why: 'manual TWS buy',
    });
    expect(actionBody('flatten', short, form)).toEqual({
      account: 'DU1',
      symbol: 'AAPL',
      owner: 'alice',
      expectedDifference: '-10',
      why: 'manual TWS buy',
      confirm: true,
    });
  });
});
