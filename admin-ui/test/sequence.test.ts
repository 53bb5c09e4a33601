import { describe, expect, it } from 'vitest';
import { SequenceTracker } from '../src/lib/sequence';

describe('SequenceTracker', () => {
  it('applies consecutive updates and remembers the last', () => {
    const t = new SequenceTracker(0);
    expect(t.accept(1)).toBe('apply');
    expect(t.accept(2)).toBe('apply');
    expect(t.last).toBe(2);
  });

  it('drops the overlap a resumed subscription replays', () => {
    const t = new SequenceTracker(0);
    t.accept(1);
    t.accept(2);
    t.accept(3);
    // reconnect, resume after 3; the server replays 2..5 (an overlap) then goes on
    expect(t.accept(2)).toBe('duplicate');
    expect(t.accept(3)).toBe('duplicate');
    expect(t.accept(4)).toBe('apply');
    expect(t.accept(5)).toBe('apply');
    expect(t.last).toBe(5);
  });

  it('reports a gap (the server no longer held a missed update) and goes on from it', () => {
    const t = new SequenceTracker(10);
    expect(t.accept(14)).toBe('gap');
    expect(t.last).toBe(14);
    expect(t.accept(15)).toBe('apply');
  });

  it('takes the first update as the start when it knows nothing', () => {
    const t = new SequenceTracker();
    expect(t.last).toBeNull();
    expect(t.accept(42)).toBe('apply');
    expect(t.accept(43)).toBe('apply');
  });

  it('moves forward only when reset to a snapshot sequence', () => {
    const t = new SequenceTracker(7);
    t.resetTo(5);
    expect(t.last).toBe(7);
    t.resetTo(9);
    expect(t.last).toBe(9);
    expect(t.accept(9)).toBe('duplicate');
    expect(t.accept(10)).toBe('apply');
  });

  it('refuses nonsense sequence numbers', () => {
    expect(() => new SequenceTracker(0).accept(-1)).toThrow();
    expect(() => new SequenceTracker(0).accept(1.5)).toThrow();
  });
});
