import { describe, expect, it } from 'vitest';
import { compare, product, quotientDown, sum, typedDecimal } from '../src/lib/decimal';
import { riskWithCommission, sizeFromRisk, ticketFigures, type TicketInput } from '../src/lib/ticket';

const base: TicketInput = {
  side: 'LONG',
  quantity: '100',
  entryPrice: '101.25',
  stops: [{ price: '99.75' }],
  targets: [{ price: '104.25', quantity: '50' }, { price: '107', quantity: '' }],
  lastPrice: '100.80',
};

describe('decimal arithmetic the ticket needs', () => {
  it('multiplies, adds and divides exactly', () => {
    expect(product('1.5', '0.25')).toBe('0.375');
    expect(product('-2', '0.10')).toBe('-0.20');
    expect(sum('0.1', '0.2')).toBe('0.3');
    expect(quotientDown('200', '1.50', 0)).toBe('133');
    expect(quotientDown('3.00', '1.50', 2)).toBe('2.00');
    expect(quotientDown('1', '3', 4)).toBe('0.3333');
    expect(quotientDown('-1', '3', 2)).toBe('-0.33');
    expect(typedDecimal(' +.5 ')).toBe('0.5');
    expect(typedDecimal('1e3')).toBeNull();
  });
});

describe('ticket figures (hand-computed)', () => {
  it('a long: distances, risk, reward-to-risk', () => {
    const f = ticketFigures(base);
    expect(f.distances).toEqual([
      { label: 'Entry', price: '101.25', distance: '0.45' },
      { label: 'Stop 1', price: '99.75', distance: '-1.05' },
      { label: 'Target 1', price: '104.25', distance: '3.45' },
      { label: 'Target 2', price: '107', distance: '6.20' },
    ]);
    expect(f.riskPerShare).toBe('1.50');
    expect(f.riskTotal).toBe('150.00');
    // 3.00 / 1.50 = 2.00; 5.75 / 1.50 = 3.8333… cut to 3.83
    expect(f.targets.map((t) => [t.rewardPerShare, t.rewardToRisk])).toEqual([
      ['3.00', '2.00'],
      ['5.75', '3.83'],
    ]);
    expect(f.problems).toEqual([]);
  });

  it('a short measures risk upward and reward downward', () => {
    const f = ticketFigures({ ...base, side: 'SHORT', entryPrice: '50.00', stops: [{ price: '50.40' }], targets: [{ price: '49', quantity: '' }], lastPrice: null });
    expect(f.riskPerShare).toBe('0.40');
    expect(f.riskTotal).toBe('40.00');
    expect(f.targets[0]).toEqual({ label: 'Target 1', rewardPerShare: '1.00', rewardToRisk: '2.50' });
    expect(f.distances[0]).toEqual({ label: 'Entry', price: '50.00', distance: null });
  });

  it('names a stop or target on the wrong side and gives no ratio', () => {
    const f = ticketFigures({ ...base, stops: [{ price: '102' }], targets: [{ price: '100', quantity: '' }] });
    expect(f.riskPerShare).toBe('-0.75');
    expect(f.targets[0]!.rewardToRisk).toBeNull();
    expect(f.problems).toEqual(['Stop 1 is not below the entry: there is no risk to size from.', 'Target 1 is not above the entry.']);
  });

  it('leaves out what is not typed yet', () => {
    const f = ticketFigures({ ...base, quantity: '1.5', entryPrice: '', stops: [{ price: '99' }] });
    expect(f.riskPerShare).toBeNull();
    expect(f.riskTotal).toBeNull();
    expect(f.targets).toEqual([]);
    expect(f.distances.map((d) => d.label)).toEqual(['Stop 1', 'Target 1', 'Target 2']);
  });
});

describe('sizing from an amount at risk', () => {
  it('rounds down to whole shares and says what that risks', () => {
    expect(sizeFromRisk('200', '1.50')).toEqual({ quantity: '133', risk: '199.50' });
    expect(sizeFromRisk('150', '1.50')).toEqual({ quantity: '100', risk: '150.00' });
  });
  it('refuses what cannot be sized', () => {
    expect(sizeFromRisk('1', '1.50')).toEqual({ problem: "1 does not cover one share's risk of 1.50." });
    expect(sizeFromRisk('abc', '1.50')).toHaveProperty('problem');
    expect(sizeFromRisk('200', '-0.75')).toHaveProperty('problem');
    expect(sizeFromRisk('200', null)).toHaveProperty('problem');
  });
  it('adds the commissions to the risk once both are known', () => {
    expect(riskWithCommission('150.00', '1.0000', '1.0000')).toBe('152.0000');
    expect(riskWithCommission('150.00', null, '1.0000')).toBeNull();
  });
});

/** mulberry32: a small seeded generator, so a failure names a case that can be run again. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cents as a decimal string, written by hand (the reference does not use decimal.ts). */
function cents(c: bigint): string {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

describe('ticket figures against a reference in whole cents (seeded)', () => {
  for (const seed of [1, 7, 42, 2026]) {
    it(`seed ${seed}: 200 random tickets`, () => {
      const r = rng(seed);
      const int = (n: number) => BigInt(Math.floor(r() * n));
      for (let i = 0; i < 200; i++) {
        const side = r() < 0.5 ? 'LONG' : 'SHORT';
        const entryC = 100n + int(1_000_000);
        const stopC = 1n + int(2_000_000);
        const targetC = 1n + int(2_000_000);
        const lastC = 1n + int(2_000_000);
        const qty = 1n + int(5000);
        const amountC = int(10_000_000);
        const f = ticketFigures({
          side,
          quantity: String(qty),
          entryPrice: cents(entryC),
          stops: [{ price: cents(stopC) }],
          targets: [{ price: cents(targetC), quantity: '' }],
          lastPrice: cents(lastC),
        });
        const riskC = side === 'LONG' ? entryC - stopC : stopC - entryC;
        const rewardC = side === 'LONG' ? targetC - entryC : entryC - targetC;
        const ctx = `seed ${seed} case ${i}`;
        expect(compare(f.riskPerShare!, cents(riskC)), ctx).toBe(0);
        expect(compare(f.riskTotal!, cents(riskC * qty)), ctx).toBe(0);
        expect(compare(f.distances[0]!.distance!, cents(entryC - lastC)), ctx).toBe(0);
        expect(compare(f.distances[1]!.distance!, cents(stopC - lastC)), ctx).toBe(0);
        expect(compare(f.targets[0]!.rewardPerShare, cents(rewardC)), ctx).toBe(0);
        if (riskC > 0n) {
          // BigInt division truncates toward zero, as the ticket cuts
          expect(compare(f.targets[0]!.rewardToRisk!, cents((rewardC * 100n) / riskC)), ctx).toBe(0);
          const sized = sizeFromRisk(cents(amountC), f.riskPerShare);
          const want = amountC / riskC;
          if (want >= 1n) {
            expect(sized, ctx).toEqual({ quantity: String(want), risk: product(f.riskPerShare!, String(want)) });
            expect(compare(product(f.riskPerShare!, String(want)), cents(amountC)), ctx).toBeLessThanOrEqual(0);
            expect(compare(product(f.riskPerShare!, String(want + 1n)), cents(amountC)), ctx).toBe(1);
          } else {
            expect(sized, ctx).toHaveProperty('problem');
          }
        } else {
          expect(f.targets[0]!.rewardToRisk, ctx).toBeNull();
        }
      }
    });
  }
});
