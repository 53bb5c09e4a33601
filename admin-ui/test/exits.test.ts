import { describe, expect, it } from 'vitest';
import { difference, roundToTick } from '../src/lib/decimal';
import { addStopChange, addTargetChange, breakEvenLevel, exitChangeConfirmText, exitError, loosens } from '../src/lib/exits';
import { ApiError } from '../src/lib/problem';

const long = {
  side: 'LONG' as const,
  symbol: 'AAPL',
  position: 100,
  stops: [{ price: '99.00' }],
  targets: [{ price: '103.00', quantity: 50 }],
  activeStop: '99.00',
  avgEntryPrice: '101.025',
};
const short = { ...long, side: 'SHORT' as const, stops: [{ price: '103.00' }], activeStop: '103.00', avgEntryPrice: '99.975' };

describe('exit change confirmations', () => {
  it('says the order a partial close sends, for a long and for a short', () => {
    expect(exitChangeConfirmText(long, { kind: 'closePart', quantity: 40 })).toBe(
      'Sell 40 AAPL now at market to reduce the long (100 → 60 long)?',
    );
    expect(exitChangeConfirmText(short, { kind: 'closePart', quantity: 40 })).toBe(
      'Buy 40 AAPL now at market to reduce the short (100 → 60 short)?',
    );
  });

  it('says a moved stop sends nothing now and what it will do, and a loosening aloud', () => {
    expect(exitChangeConfirmText(long, { kind: 'moveStop', index: 0, price: '100.50' })).toBe(
      'Move stop 1 from 99.00 to 100.50? Nothing is sent to the broker now: the stop sells 100 AAPL at market if the price falls to 100.50.',
    );
    expect(exitChangeConfirmText(long, { kind: 'moveStop', index: 0, price: '98.00' })).toContain(
      'This loosens the active stop from 99.00 to 98.00.',
    );
    expect(exitChangeConfirmText(short, { kind: 'moveStop', index: 0, price: '102.00' })).toBe(
      'Move stop 1 from 103.00 to 102.00? Nothing is sent to the broker now: the stop buys back 100 AAPL at market if the price rises to 102.00.',
    );
  });

  it('rounds break-even onto the tick towards profit, as the server does', () => {
    expect(breakEvenLevel(long)).toBe('101.03');
    expect(breakEvenLevel(short)).toBe('99.97');
    expect(breakEvenLevel({ side: 'LONG', avgEntryPrice: '101.40' })).toBe('101.40');
    expect(exitChangeConfirmText(long, { kind: 'stopToBreakEven' })).toBe(
      'Move the active stop from 99.00 to break-even 101.03 (average entry 101.025)? Nothing is sent to the broker now: the stop sells 100 AAPL at market if the price falls to 101.03.',
    );
  });

  it('rounds break-even onto the plan\'s own tick size when the plan carries one', () => {
    expect(breakEvenLevel({ side: 'LONG', avgEntryPrice: '101.025', tickSize: '0.05' })).toBe('101.05');
    expect(breakEvenLevel({ side: 'SHORT', avgEntryPrice: '99.975', tickSize: '0.05' })).toBe('99.95');
    expect(breakEvenLevel({ side: 'LONG', avgEntryPrice: '101.025', tickSize: null })).toBe('101.03');
    expect(exitChangeConfirmText({ ...long, tickSize: '0.25' }, { kind: 'stopToBreakEven' })).toContain('to break-even 101.25 (average entry 101.025)');
  });

  it('says where an added stop sells, when it is armed, and when it becomes the active stop', () => {
    expect(exitChangeConfirmText(long, addStopChange(' 99.50 ', ''))).toBe(
      'Add stop 2 at 99.50? Nothing is sent to the broker now: the stop sells 100 AAPL at market if the price falls to 99.50. It becomes the active stop in place of 99.00.',
    );
    expect(exitChangeConfirmText(long, addStopChange('98.50', ''))).toBe(
      'Add stop 2 at 98.50? Nothing is sent to the broker now: the stop sells 100 AAPL at market if the price falls to 98.50.',
    );
    expect(exitChangeConfirmText(long, addStopChange('100.00', '102.00'))).toBe(
      'Add stop 2 at 100.00, armed once the price reaches 102.00? Nothing is sent to the broker now: once armed, the stop sells 100 AAPL at market if the price falls to 100.00.',
    );
    expect(exitChangeConfirmText(short, addStopChange('102.50', ''))).toBe(
      'Add stop 2 at 102.50? Nothing is sent to the broker now: the stop buys back 100 AAPL at market if the price rises to 102.50. It becomes the active stop in place of 103.00.',
    );
    expect(exitChangeConfirmText({ ...long, position: 0, activeStop: null }, addStopChange('98.50', ''))).toBe(
      'Add stop 2 at 98.50? Nothing is sent to the broker now: the stop sells the position in AAPL at market if the price falls to 98.50.',
    );
  });

  it('builds added levels as the API takes them: empty optional fields left out, quantities as integers', () => {
    expect(addStopChange('98.50', ' ')).toEqual({ kind: 'addStop', price: '98.50' });
    expect(addStopChange('98.50', '102.00')).toEqual({ kind: 'addStop', price: '98.50', activateAt: '102.00' });
    expect(addTargetChange(' 104.00', '')).toEqual({ kind: 'addTarget', price: '104.00' });
    expect(addTargetChange('104.00', ' 30 ')).toEqual({ kind: 'addTarget', price: '104.00', quantity: 30 });
    expect(addTargetChange('104.00', '3.5')).toEqual({ kind: 'addTarget', price: '104.00', quantity: '3.5' });
  });

  it('says a removed stop no longer sells, and when that loosens the active stop to which level', () => {
    const two = { ...long, stops: [{ price: '99.00' }, { price: '98.00' }] };
    expect(exitChangeConfirmText(two, { kind: 'removeStop', index: 1 })).toBe(
      'Remove stop 2 (98.00)? Nothing is sent to the broker now: that stop will no longer sell 100 AAPL.',
    );
    expect(exitChangeConfirmText(two, { kind: 'removeStop', index: 0 })).toBe(
      'Remove stop 1 (99.00)? Nothing is sent to the broker now: that stop will no longer sell 100 AAPL. This loosens the active stop from 99.00 to 98.00.',
    );
    expect(exitChangeConfirmText({ ...two, trailingStop: { distance: '0.50' } }, { kind: 'removeStop', index: 0 })).toContain(
      'This loosens the active stop 99.00: the tightest eligible stop left takes over.',
    );
    const shortTwo = { ...short, stops: [{ price: '103.00' }, { price: '104.00' }] };
    expect(exitChangeConfirmText(shortTwo, { kind: 'removeStop', index: 0 })).toBe(
      'Remove stop 1 (103.00)? Nothing is sent to the broker now: that stop will no longer buy back 100 AAPL. This loosens the active stop from 103.00 to 104.00.',
    );
  });

  it('says what an added or resized target sells, for a quantity or for the rest', () => {
    expect(exitChangeConfirmText(long, addTargetChange('104.00', '30'))).toBe(
      'Add target 2 at 104.00 for 30 AAPL? Nothing is sent to the broker now: the target sells 30 AAPL at market when the price rises to 104.00.',
    );
    expect(exitChangeConfirmText(long, addTargetChange('104.00', ''))).toBe(
      'Add target 2 at 104.00 for the rest? Nothing is sent to the broker now: the target sells the rest of AAPL at market when the price rises to 104.00.',
    );
    expect(exitChangeConfirmText(long, { kind: 'setTargetQuantity', index: 0, quantity: 30 })).toBe(
      'Change target 1 (103.00) from 50 to 30 AAPL? Nothing is sent to the broker now: the target sells 30 AAPL at market when the price rises to 103.00.',
    );
    const shortTargets = { ...short, targets: [{ price: '97.00' }] };
    expect(exitChangeConfirmText(shortTargets, { kind: 'setTargetQuantity', index: 0, quantity: 60 })).toBe(
      'Change target 1 (97.00) from the rest to 60 AAPL? Nothing is sent to the broker now: the target buys back 60 AAPL at market when the price falls to 97.00.',
    );
  });

  it('says what the trailing stop does, and a wider distance as a loosening', () => {
    expect(exitChangeConfirmText(long, { kind: 'setTrailingDistance', distance: '0.80' })).toBe(
      'Add a trailing stop 0.80 behind the price? Nothing is sent to the broker now: the trailing stop follows the highest price 0.80 below it and sells 100 AAPL at market if the price falls back to it.',
    );
    const trailing = { ...long, trailingStop: { distance: '0.50' } };
    expect(exitChangeConfirmText(trailing, { kind: 'setTrailingDistance', distance: '0.8' })).toBe(
      'Change the trailing distance from 0.50 to 0.8? Nothing is sent to the broker now: the trailing stop follows the highest price 0.8 below it and sells 100 AAPL at market if the price falls back to it. This loosens the trailing stop by 0.30.',
    );
    expect(exitChangeConfirmText(trailing, { kind: 'setTrailingDistance', distance: '0.30' })).not.toContain('loosens');
    expect(exitChangeConfirmText({ ...short, trailingStop: { distance: '1.00' } }, { kind: 'setTrailingDistance', distance: '0.50' })).toBe(
      'Change the trailing distance from 1.00 to 0.50? Nothing is sent to the broker now: the trailing stop follows the lowest price 0.50 above it and buys back 100 AAPL at market if the price rises back to it.',
    );
  });

  it('shows the server\'s no in the trader\'s words: each field with its label, the rules\' reason, a version conflict', () => {
    const bad = exitError(new ApiError(400, '1 field is invalid.', [{ field: 'price', message: 'must be a multiple of the tick size 0.01' }], 'urn:tradeplan:problem:bad-request'));
    expect(bad).toEqual({
      message: '1 field is invalid.',
      fields: [{ field: 'price', label: 'Price', message: 'must be a multiple of the tick size 0.01' }],
      versionConflict: false,
    });
    const refused = exitError(new ApiError(409, 'target 1 already fired', [], 'urn:tradeplan:problem:refused'));
    expect(refused.message).toBe('target 1 already fired');
    expect(refused.versionConflict).toBe(false);
    const conflict = exitError(new ApiError(409, 'version 7 is not 8', [], 'urn:tradeplan:problem:version-conflict'));
    expect(conflict.versionConflict).toBe(true);
    expect(conflict.message).toContain('The plan changed meanwhile');
    expect(exitError(new Error('boom')).message).toBe('The change could not be sent.');
    expect(exitError(new ApiError(400, 'x', [{ field: 'colour', message: 'is not a field' }])).fields[0]!.label).toBe('colour');
  });

  it('knows which way loosens', () => {
    expect(loosens('LONG', '99.00', '98.99')).toBe(true);
    expect(loosens('LONG', '99.00', '99.01')).toBe(false);
    expect(loosens('SHORT', '103.00', '103.01')).toBe(true);
    expect(loosens('LONG', null, '1.00')).toBe(false);
  });

  it('rounds to the tick in the asked direction only when off the grid', () => {
    expect(roundToTick('10.001', '0.01', 'up')).toBe('10.01');
    expect(roundToTick('10.009', '0.01', 'down')).toBe('10.00');
    expect(roundToTick('10.5', '0.01', 'up')).toBe('10.50');
    expect(roundToTick('x', '0.01', 'up')).toBeNull();
  });

  it('subtracts decimals exactly', () => {
    expect(difference('0.8', '0.50')).toBe('0.30');
    expect(difference('0.1', '0.3')).toBe('-0.2');
    expect(difference('101.025', '101')).toBe('0.025');
  });
});
