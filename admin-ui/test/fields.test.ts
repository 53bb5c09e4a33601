import { describe, expect, it } from 'vitest';
import { emptyForm, fieldId, renderedPaths, tickSizeIn, toRequest } from '../src/lib/fields';

describe('toRequest', () => {
  it('sends prices as the strings typed and quantities as JSON integers', () => {
    const f = emptyForm();
    f.symbol = ' aapl ';
    f.quantity = '100';
    f.entryPrice = '101.10';
    f.stops = [{ price: '99.00', activateAt: '' }, { price: '100.50', activateAt: '102.00' }];
    f.targets = [{ price: '105.00', quantity: '40' }, { price: '110.00', quantity: '' }];
    f.trailingDistance = '0.50';
    const body = JSON.stringify(toRequest(f));
    expect(JSON.parse(body)).toEqual({
      symbol: 'AAPL',
      side: 'LONG',
      quantity: 100,
      entry: { condition: 'ABOVE', price: '101.10' },
      stops: [{ price: '99.00' }, { price: '100.50', activateAt: '102.00' }],
      targets: [{ price: '105.00', quantity: 40 }, { price: '110.00' }],
      trailingStop: { distance: '0.50' },
    });
    // "101.10" keeps its trailing zero: it never went through a JS number
    expect(body).toContain('"price":"101.10"');
  });

  it('leaves out empty optional parts and passes a non-integer quantity through for the server to name', () => {
    const f = emptyForm();
    f.quantity = '1.5';
    const r = toRequest(f);
    expect(r.quantity).toBe('1.5');
    expect(r.targets).toBeUndefined();
    expect(r.trailingStop).toBeUndefined();
    expect(r.entry.expiresAt).toBeUndefined();
  });

  it('sends the expiry as an ISO instant', () => {
    const f = emptyForm();
    f.expiresAt = '2030-01-02T15:30';
    expect(toRequest(f).entry.expiresAt).toMatch(/^2030-01-0[12]T\d\d:30:00\.000Z$/);
  });
});

describe('field paths', () => {
  it('renders an input for each server path of the form', () => {
    const f = emptyForm();
    f.targets = [{ price: '', quantity: '' }];
    const paths = renderedPaths(f);
    for (const p of ['symbol', 'quantity', 'entry.price', 'entry.expiresAt', 'stops[0].activateAt', 'targets[0].quantity', 'trailingStop.distance']) {
      expect(paths.has(p)).toBe(true);
    }
    expect(paths.has('owner')).toBe(false);
    expect(paths.has('stops[1].price')).toBe(false);
  });

  it('makes DOM ids from paths', () => {
    expect(fieldId('stops[1].activateAt')).toBe('f-stops-1-activateAt');
    expect(fieldId('entry.price')).toBe('f-entry-price');
  });

  it('reads the tick size a server message names', () => {
    expect(tickSizeIn(['must be greater than 0', 'must be a multiple of the tick size 0.05'])).toBe('0.05');
    expect(tickSizeIn(['is required'])).toBeNull();
    expect(tickSizeIn(undefined)).toBeNull();
  });

  it('reads the increment at the level\'s price from a market rule\'s message', () => {
    // docs/ib.md, "Market rules": the server names the increment of the band the price lies in
    expect(
      tickSizeIn(['must be a multiple of the tick size 0.01 at this price (0.0001 from 0, 0.01 from 1)']),
    ).toBe('0.01');
    expect(
      tickSizeIn(['must be a multiple of the tick size 0.0001 at this price (0.0001 from 0, 0.01 from 1)']),
    ).toBe('0.0001');
  });
});
