import { describe, expect, it } from 'vitest';
import { noticeFor, NoticeQueue } from '../src/lib/notify';
import { shortcutFor } from '../src/lib/shortcuts';

const key = (k: string, target: unknown = { tagName: 'BODY' }, mods: Partial<KeyboardEvent> = {}) =>
  ({ key: k, ctrlKey: false, altKey: false, metaKey: false, target, ...mods }) as unknown as KeyboardEvent;

describe('shortcuts', () => {
  it('map keys to actions outside inputs', () => {
    expect(shortcutFor(key('n'))).toBe('new');
    expect(shortcutFor(key('/'))).toBe('filter');
    expect(shortcutFor(key('?'))).toBe('help');
    expect(shortcutFor(key('x'))).toBeNull();
  });
  it('never fire while typing or with a modifier', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT', 'input']) {
      expect(shortcutFor(key('n', { tagName }))).toBeNull();
    }
    expect(shortcutFor(key('n', { tagName: 'DIV', isContentEditable: true }))).toBeNull();
    expect(shortcutFor(key('n', { tagName: 'BODY' }, { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('a', { tagName: 'BODY' }, { metaKey: true }))).toBeNull();
  });
});

describe('notifications', () => {
  const aapl = { symbol: 'AAPL' };
  it('words fills, stops and alerts', () => {
    expect(noticeFor({ seq: 1, type: 'FILL', role: 'ENTRY', side: 'BUY', quantity: 100, price: '101.05' }, aapl)).toEqual({
      kind: 'fill', title: 'Entry filled: AAPL', body: 'Bought 100 AAPL @ 101.05',
    });
    expect(noticeFor({ seq: 2, type: 'FILL', role: 'STOP', index: 0, side: 'SELL', quantity: 100, price: '99.00' }, aapl)).toEqual({
      kind: 'stop', title: 'Stop hit: AAPL', body: 'Sold 100 AAPL @ 99.00 (stop 1)',
    });
    expect(noticeFor({ seq: 3, type: 'FILL', role: 'TARGET', index: 1, side: 'BUY', quantity: 30, price: '49.00' }, aapl)?.title).toBe('Target 2 filled: AAPL');
    expect(noticeFor({ seq: 4, type: 'REJECT', reason: 'no margin' }, aapl)).toEqual({ kind: 'alert', title: 'Order rejected: AAPL', body: 'no margin' });
    expect(noticeFor({ seq: 5, type: 'ORDER', role: 'ENTRY' }, aapl)).toBeNull();
    expect(noticeFor({ seq: 6, type: 'STATUS' }, aapl)).toBeNull();
  });
  it('keeps at most its bound, newest first', () => {
    const q = new NoticeQueue(2);
    const seen: number[] = [];
    q.subscribe((_, added) => added && seen.push(added.id));
    q.push({ kind: 'fill', title: 'a', body: '' });
    q.push({ kind: 'fill', title: 'b', body: '' });
    q.push({ kind: 'fill', title: 'c', body: '' });
    expect(q.list().map((n) => n.title)).toEqual(['c', 'b']);
    q.dismiss(q.list()[0]!.id);
    expect(q.list().map((n) => n.title)).toEqual(['b']);
    expect(seen).toEqual([1, 2, 3]);
  });
  it('clears every notice at a logout, telling the page', () => {
    const q = new NoticeQueue();
    let shown: readonly unknown[] = [];
    q.subscribe((items) => (shown = items));
    q.push({ kind: 'fill', title: 'Exit filled: AAPL', body: 'Sold 7 AAPL' });
    q.push({ kind: 'fill', title: 'Entry filled: MSFT', body: 'Bought 5 MSFT' });
    expect(shown).toHaveLength(2);
    q.clear();
    expect(q.list()).toEqual([]);
    expect(shown).toEqual([]);
  });
});
