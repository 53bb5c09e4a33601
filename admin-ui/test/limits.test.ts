import { describe, expect, it } from 'vitest';
import { fieldsFor, limitLabel, toLimitsJson } from '../src/lib/limits';

describe('risk limits in the UI', () => {
  it('turns the form into the API JSON: integers as numbers, money as decimal strings, empty unset', () => {
    const { limits, errors } = toLimitsJson('user', {
      maxPositionPerSymbol: '500',
      maxDailyLoss: '250.00',
      maxOrderNotional: '',
      priceCollarPercent: ' 1.5 ',
    });
    expect(errors).toEqual({});
    expect(limits).toEqual({ maxPositionPerSymbol: 500, maxDailyLoss: '250.00', priceCollarPercent: '1.5' });
  });

  it('names every wrong field: not a number, zero, a float for shares, a limit the layer cannot hold', () => {
    const { errors } = toLimitsJson('account', {
      maxPositionTotal: '0',
      maxOrderQuantity: '1.5',
      maxDailyLoss: '1e3',
      maxOpenPlans: '3',
    });
    expect(Object.keys(errors).sort()).toEqual(['maxDailyLoss', 'maxOpenPlans', 'maxOrderQuantity', 'maxPositionTotal']);
    expect(errors['maxOpenPlans']).toContain('account layer cannot set');
  });

  it('offers a plan layer only the limits of one order', () => {
    expect(fieldsFor('plan').map((f) => f.key)).toEqual([
      'maxOrderQuantity',
      'maxOrderNotional',
      'priceCollarPercent',
      'priceCollarTicks',
      'maxLossPerTrade',
      'maxHoldingSeconds',
    ]);
    expect(fieldsFor('platform').map((f) => f.key)).toContain('platformOrdersPerSecond');
  });

  it('shows an unset limit as no limit', () => {
    expect(limitLabel({ maxDailyLoss: '100.00' }, 'maxDailyLoss')).toBe('100.00');
    expect(limitLabel({}, 'maxDailyLoss')).toBe('no limit');
  });

  it('carries the loss, holding time and flatten limits: money as text, seconds as a number, the flag as a boolean', () => {
    const { limits, errors } = toLimitsJson('user', {
      maxLossPerTrade: '150.00',
      maxCumulativeLoss: '5000',
      maxHoldingSeconds: '3600',
      flattenOnLossLimit: 'true',
    });
    expect(errors).toEqual({});
    expect(limits).toEqual({
      maxLossPerTrade: '150.00',
      maxCumulativeLoss: '5000',
      maxHoldingSeconds: 3600,
      flattenOnLossLimit: true,
    });
    const wrong = toLimitsJson('account', { maxCumulativeLoss: '10', flattenOnLossLimit: 'maybe' }).errors;
    expect(wrong['maxCumulativeLoss']).toContain('account layer cannot set');
    expect(wrong['flattenOnLossLimit']).toBe('true or false');
  });
});
