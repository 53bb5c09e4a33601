import { describe, expect, it } from 'vitest';
import { Api } from '../src/lib/api';
import { boundByText, commissionPlanText, sizeFromRisk, sizingQuestion, sizingSummary, type SizingAnswer } from '../src/lib/ticket';
import { bandCaps, bandLabel, bandRows, toTiersJson } from '../src/lib/tiers';

const form = { symbol: ' aapl ', side: 'LONG', entryPrice: '101.25', stops: [{ price: '99.75' }] };

const answer: SizingAnswer = {
  symbol: 'AAPL',
  side: 'LONG',
  quantity: 132,
  riskPerShare: '1.50',
  risk: '198.00',
  entryCommission: '1.0000',
  exitCommission: '1.0000',
  totalRisk: '200.0000',
  account: 'DU1234567',
  commissionModel: 'ib-fixed',
  commissionSource: 'platform',
  boundBy: { limit: 'amountAtRisk', value: '200', shares: 132, why: 'the amount at risk 200 covers…' },
  caps: [],
  problem: null,
};

describe('the ticket sizes on the server', () => {
  it('asks the server with the form as typed, and nothing while a figure is missing or wrong', () => {
    expect(sizingQuestion(form, '200')).toEqual({
      symbol: 'AAPL',
      side: 'LONG',
      entryPrice: '101.25',
      stopPrice: '99.75',
      amountAtRisk: '200',
    });
    expect(sizingQuestion(form, '')).toBeNull();
    expect(sizingQuestion(form, '-5')).toBeNull();
    expect(sizingQuestion({ ...form, stops: [] }, '200')).toBeNull();
    expect(sizingQuestion({ ...form, stops: [{ price: '102' }] }, '200')).toBeNull();
    expect(sizingQuestion({ ...form, side: 'SHORT', stops: [{ price: '102' }] }, '200')?.side).toBe('SHORT');
    expect(sizingQuestion({ ...form, symbol: '' }, '200')).toBeNull();
  });

  it('posts the question and shows the server quantity with what bound it, not the browser preview', async () => {
    const asked: { url: string; body: unknown }[] = [];
    const fake: typeof fetch = async (input, init) => {
      asked.push({ url: String(input), body: JSON.parse(String(init?.body)) });
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const a = await new Api({ fetch: fake }).sizing(sizingQuestion(form, '200')!);
    expect(asked[0]!.url).toContain('/api/sizing');
    expect(asked[0]!.body).toEqual({ symbol: 'AAPL', side: 'LONG', entryPrice: '101.25', stopPrice: '99.75', amountAtRisk: '200' });
    // the browser's preview says 133 before commissions; the server's 132 is what the ticket uses
    expect(sizeFromRisk('200', '1.50')).toEqual({ quantity: '133', risk: '199.50' });
    expect(sizingSummary(a)).toBe('132 shares risk 198.00 + commissions 2.0000 = 200.0000');
    expect(boundByText(a)).toBe('the amount at risk 200, commissions included');
    const tier = { ...a, quantity: 1000, boundBy: { limit: 'priceTiers.maxShares', value: '1000', shares: 1000, why: 'price band 5 to 20 (entry at 12.50): at most 1000 shares per entry' } };
    expect(boundByText(tier)).toBe('price band 5 to 20 (entry at 12.50): at most 1000 shares per entry');
    expect(sizingSummary({ ...a, quantity: 0, problem: '1.98 does not cover one share' })).toBe('1.98 does not cover one share');
  });

  it("names the commission plan that priced the answer: the account's own or the platform's", () => {
    expect(commissionPlanText(answer)).toBe("commissions under ib-fixed, the platform's plan");
    const own = { ...answer, account: 'DU7654321', commissionModel: 'ib-tiered:volume=0,fees=0.003', commissionSource: 'account' as const };
    expect(commissionPlanText(own)).toBe('commissions under ib-tiered:volume=0,fees=0.003, the plan of account DU7654321');
  });
});

describe('the tier table by price band in the limits form', () => {
  it('turns rows into the API bands, empty rows dropped, no rows: no tiers', () => {
    const rows = [
      { fromPrice: '0', belowPrice: '5', maxShares: '2000', maxNotional: '' },
      { fromPrice: '5', belowPrice: '20', maxShares: '1000', maxNotional: '15000' },
      { fromPrice: '', belowPrice: '', maxShares: '', maxNotional: '' },
      { fromPrice: '20', belowPrice: '', maxShares: '', maxNotional: '25000.50' },
    ];
    const r = toTiersJson(rows);
    expect(r.errors).toEqual({});
    expect(r.tiers).toEqual([
      { fromPrice: '0', belowPrice: '5', maxShares: 2000 },
      { fromPrice: '5', belowPrice: '20', maxShares: 1000, maxNotional: '15000' },
      { fromPrice: '20', maxNotional: '25000.50' },
    ]);
    expect(bandRows(r.tiers)[2]).toEqual({ fromPrice: '20', belowPrice: '', maxShares: '', maxNotional: '25000.50' });
    expect(toTiersJson([]).tiers).toBeUndefined();
    expect(r.tiers!.map(bandLabel)).toEqual(['below 5', '5 to 20', 'from 20']);
    expect(bandCaps(r.tiers![1]!)).toBe('at most 1000 shares, worth at most 15000');
  });

  it('names the field of each fault as the server does', () => {
    const r = toTiersJson([
      { fromPrice: '0', belowPrice: '10', maxShares: '5', maxNotional: '' },
      { fromPrice: '5', belowPrice: '', maxShares: '0', maxNotional: '' },
      { fromPrice: '30', belowPrice: '20', maxShares: '', maxNotional: '' },
      { fromPrice: '40', belowPrice: '5,00', maxShares: '1', maxNotional: '1e3' },
    ]);
    expect(r.tiers).toBeUndefined();
    expect(r.errors).toEqual({
      'priceTiers[1].fromPrice': 'bands must rise without overlap (the band before ends at 10)',
      'priceTiers[1].belowPrice': 'only the last band may be open-ended',
      'priceTiers[1].maxShares': 'a whole number above zero',
      'priceTiers[2].belowPrice': 'must be above 30',
      'priceTiers[2].maxShares': 'set the shares, the value or both',
      'priceTiers[3].belowPrice': 'a price such as 20.00, or empty for no end',
      'priceTiers[3].maxNotional': 'a plain decimal above zero',
    });
  });
});
