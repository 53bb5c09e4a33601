import { describe, expect, it } from 'vitest';
import { emptyForm, toRequest } from '../src/lib/fields';
import { formFromPlan, formFromShape, templateFromForm } from '../src/lib/templates';
import type { Plan } from '../src/lib/types';

describe('templates', () => {
  it('a form round-trips through a template, prices as typed', () => {
    const f = emptyForm();
    f.symbol = 'aapl';
    f.side = 'SHORT';
    f.quantity = '200';
    f.condition = 'BELOW';
    f.entryPrice = '50.10';
    f.expiresAt = '2026-12-05T15:00';
    f.stops = [{ price: '50.40', activateAt: '' }, { price: '50.60', activateAt: '49.90' }];
    f.targets = [{ price: '49.00', quantity: '100' }, { price: '48.00', quantity: '' }];
    f.trailingDistance = '0.30';
    const t = templateFromForm(f);
    expect(t).toEqual({
      symbol: 'AAPL',
      side: 'SHORT',
      quantity: 200,
      entry: { condition: 'BELOW', price: '50.10' },
      stops: [{ price: '50.40' }, { price: '50.60', activateAt: '49.90' }],
      targets: [{ price: '49.00', quantity: 100 }, { price: '48.00' }],
      trailingStop: { distance: '0.30' },
    });
    // through JSON as the server stores it, and back: the same request, without the expiry
    const back = formFromShape(JSON.parse(JSON.stringify(t)));
    expect(toRequest(back)).toEqual(toRequest({ ...f, symbol: 'AAPL', expiresAt: '' }));
  });

  it('a shape without a symbol or quantity leaves them to type', () => {
    const f = formFromShape({ side: 'LONG', entry: { condition: 'ABOVE', price: '10' }, stops: [{ price: '9' }] });
    expect(f.symbol).toBe('');
    expect(f.quantity).toBe('');
    expect(f.stops).toEqual([{ price: '9', activateAt: '' }]);
    expect(templateFromForm(emptyForm())).not.toHaveProperty('symbol');
  });

  it('ignores what is not a plan field value (a stored shape is data, not trusted)', () => {
    const f = formFromShape({ side: 'SIDEWAYS', quantity: 1.5, stops: [] } as never);
    expect(f.side).toBe('LONG');
    expect(f.quantity).toBe('');
    expect(f.stops).toHaveLength(1);
  });

  it('a clone keeps the plan as planned', () => {
    const plan = {
      id: 'pl-1', symbol: 'MSFT', side: 'LONG', quantity: 10, status: 'INACTIVE', tradeStatus: 'CLOSED', version: 9,
      position: 0, filledEntryQuantity: 10,
      entry: { condition: 'ABOVE', price: '400.00', expiresAt: '2026-01-01T00:00:00Z' },
      stops: [{ price: '395.00', activateAt: null }], targets: [{ price: '410.00', quantity: 5, fired: true }],
      trailingStop: null,
    } as Plan;
    const f = formFromPlan(plan);
    expect(f).toMatchObject({ symbol: 'MSFT', side: 'LONG', quantity: '10', condition: 'ABOVE', entryPrice: '400.00', expiresAt: '', trailingDistance: '' });
    expect(f.targets).toEqual([{ price: '410.00', quantity: '5' }]);
  });
});
