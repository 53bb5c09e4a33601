import { describe, expect, it } from 'vitest';
import { PlanBook } from '../src/lib/book';
import type { Plan } from '../src/lib/types';

function plan(id: string, version: number, status: Plan['status'] = 'DRAFT', extra: Partial<Plan> = {}): Plan {
  return {
    id,
    symbol: 'AAPL',
    side: 'LONG',
    quantity: 100,
    entry: { condition: 'ABOVE', price: '101.00' },
    stops: [{ price: '99.00' }],
    targets: [],
    status,
    tradeStatus: 'PENDING',
    version,
    position: 0,
    filledEntryQuantity: 0,
    ...extra,
  };
}

describe('PlanBook', () => {
  it('asks for a snapshot first, then resumes after the last sequence it applied', () => {
    const book = new PlanBook();
    expect(book.resumeHeader()).toEqual({});
    book.apply({ type: 'snapshot', reason: 'first subscription', plans: [plan('a', 1)] });
    expect(book.resumeHeader()).toEqual({});
    book.apply({ type: 'update', sequence: 7, planId: 'a', plan: plan('a', 2, 'ACTIVE') });
    book.apply({ type: 'update', sequence: 8, planId: 'a', plan: plan('a', 3, 'ENTRY_SUBMITTED') });
    expect(book.resumeHeader()).toEqual({ 'last-sequence': '8' });
    expect(book.get('a')?.status).toBe('ENTRY_SUBMITTED');
  });

  it('ignores a replayed update after a reconnect', () => {
    const book = new PlanBook();
    book.apply({ type: 'update', sequence: 1, planId: 'a', plan: plan('a', 2, 'ACTIVE') });
    book.apply({ type: 'update', sequence: 2, planId: 'a', plan: plan('a', 3, 'ENTRY_SUBMITTED') });
    const r = book.apply({ type: 'update', sequence: 1, planId: 'a', plan: plan('a', 2, 'ACTIVE') });
    expect(r.changed).toBe(false);
    expect(book.get('a')?.status).toBe('ENTRY_SUBMITTED');
  });

  it('asks for a REST resync when it sees a gap, and still applies the update', () => {
    const book = new PlanBook();
    book.apply({ type: 'update', sequence: 1, planId: 'a', plan: plan('a', 2, 'ACTIVE') });
    const r = book.apply({ type: 'update', sequence: 5, planId: 'a', plan: plan('a', 6, 'CONTINGENT_ACTIVE') });
    expect(r).toMatchObject({ changed: true, resync: true });
    expect(book.get('a')?.status).toBe('CONTINGENT_ACTIVE');
  });

  it('never lets an older REST answer overwrite a newer live state', () => {
    const book = new PlanBook();
    book.apply({ type: 'update', sequence: 3, planId: 'a', plan: plan('a', 5, 'CONTINGENT_ACTIVE') });
    expect(book.put(plan('a', 4, 'ENTRY_SUBMITTED'))).toBe(false);
    book.replaceAll([plan('a', 4, 'ENTRY_SUBMITTED'), plan('b', 1)]);
    expect(book.get('a')?.status).toBe('CONTINGENT_ACTIVE');
    expect(book.get('b')).toBeDefined();
  });

  it('takes a P&L-only refresh at the same version', () => {
    const book = new PlanBook();
    book.put(plan('a', 5, 'CONTINGENT_ACTIVE', { unrealizedPnl: '1.00' }));
    const r = book.apply({ type: 'update', sequence: 9, planId: 'a', event: null, plan: plan('a', 5, 'CONTINGENT_ACTIVE', { unrealizedPnl: '2.50' }) });
    expect(r.changed).toBe(true);
    expect(r.event).toBeNull();
    expect(book.get('a')?.unrealizedPnl).toBe('2.50');
  });

  it('a snapshot replaces plans that are gone', () => {
    const book = new PlanBook();
    book.put(plan('a', 1));
    book.put(plan('b', 1));
    book.apply({ type: 'snapshot', reason: 'updates 3..9 missed', plans: [plan('b', 2, 'ACTIVE')] });
    expect(book.list().map((p) => p.id)).toEqual(['b']);
  });

  it('hands the event of an applied update to an open detail view', () => {
    const book = new PlanBook();
    const r = book.apply({
      type: 'update',
      sequence: 1,
      planId: 'a',
      event: { seq: 4, type: 'FILL', role: 'ENTRY', side: 'BUY', quantity: 100, price: '101.00', rule: 'entry fill' },
      plan: plan('a', 4, 'CONTINGENT_ACTIVE'),
    });
    expect(r.event?.event.rule).toBe('entry fill');
  });

  it('follows a restarted server whose sequence starts again at 1 (newer plan versions win)', () => {
    const book = new PlanBook();
    book.apply({ type: 'update', sequence: 41, planId: 'a', plan: plan('a', 3, 'ENTRY_SUBMITTED') });
    // the server restarted: it cannot replay after 41 and counts from 1 again
    const r = book.apply({ type: 'update', sequence: 1, planId: 'a', plan: plan('a', 4, 'CONTINGENT_ACTIVE') });
    expect(r).toMatchObject({ changed: true, resync: true });
    expect(book.get('a')?.status).toBe('CONTINGENT_ACTIVE');
    expect(book.resumeHeader()).toEqual({ 'last-sequence': '1' });
    expect(book.apply({ type: 'update', sequence: 2, planId: 'a', plan: plan('a', 5, 'INACTIVE') }).changed).toBe(true);
  });
});

describe('PlanBook with pages of ended plans', () => {
  it('a snapshot of the open plans keeps the page of ended plans read over REST', () => {
    const book = new PlanBook();
    book.replaceAll([plan('open', 1), plan('done', 3, 'CANCELLED')]);
    const r = book.apply({ type: 'snapshot', plans: [plan('open', 2, 'ACTIVE')] });
    expect(r.resync).toBe(false);
    expect(book.get('open')?.status).toBe('ACTIVE');
    expect(book.get('done')?.status).toBe('CANCELLED');
  });

  it('an open plan missing from a snapshot ended meanwhile: dropped, and a REST reload asked for', () => {
    const book = new PlanBook();
    book.replaceAll([plan('a', 2, 'ACTIVE'), plan('b', 1)]);
    const r = book.apply({ type: 'snapshot', plans: [plan('b', 1)] });
    expect(r.resync).toBe(true);
    expect(book.get('a')).toBeUndefined();
  });

  it('another page of ended plans replaces the ended ones only', () => {
    const book = new PlanBook();
    book.replaceAll([plan('open', 1), plan('done', 3, 'INACTIVE')]);
    book.dropEnded();
    expect(book.list().map((p) => p.id)).toEqual(['open']);
  });

  it('a live update of an ended plan that is not on the page held stays off the page', () => {
    const book = new PlanBook();
    book.replaceAll([plan('open', 1, 'ACTIVE'), plan('done', 3, 'CANCELLED')]);
    const r = book.apply({ type: 'update', sequence: 1, planId: 'old', plan: plan('old', 9, 'INACTIVE') });
    expect(r.changed).toBe(false);
    expect(book.get('old')).toBeUndefined();
    expect(book.list().map((p) => p.id)).toEqual(['done', 'open']);
  });

  it('a held plan that ends live is updated in place', () => {
    const book = new PlanBook();
    book.replaceAll([plan('open', 1, 'ACTIVE')]);
    const r = book.apply({ type: 'update', sequence: 1, planId: 'open', plan: plan('open', 2, 'CANCELLED') });
    expect(r.changed).toBe(true);
    expect(book.get('open')?.status).toBe('CANCELLED');
  });
});
