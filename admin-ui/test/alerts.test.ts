import { describe, expect, it } from 'vitest';
import { isUrgent, noticeFor, noticeForAlert, noticeForTicks } from '../src/lib/notify';
import type { HistoryEvent } from '../src/lib/types';

describe('platform alerts of the live feed become notices (urgent: kind alert)', () => {
  it('words a kill switch engaged on the platform, the trader or the account, urgently', () => {
    expect(noticeForAlert({ kind: 'KILL_SWITCH_ENGAGED', scope: 'global', words: 'market halt', actor: 'oscar' })).toEqual({
      kind: 'alert',
      title: 'Kill switch engaged for the whole platform',
      body: 'New entries are refused; stops, targets, flattens and cancels still go. Reason: market halt (oscar).',
    });
    expect(noticeForAlert({ kind: 'KILL_SWITCH_ENGAGED', scope: 'user:alice', words: 'daily loss limit reached' })?.title).toBe('Kill switch engaged for you (alice)');
    expect(noticeForAlert({ kind: 'KILL_SWITCH_ENGAGED', scope: 'account:DU123', words: 'x' })?.title).toBe('Kill switch engaged for account DU123');
  });

  it('words a release and the broker link, urgent only when down', () => {
    expect(noticeForAlert({ kind: 'KILL_SWITCH_RELEASED', scope: 'global' })).toEqual({
      kind: 'info',
      title: 'Kill switch released for the whole platform',
      body: 'New entries are allowed again.',
    });
    expect(noticeForAlert({ kind: 'BROKER_DOWN', brokerState: 'DISCONNECTED' })).toEqual({
      kind: 'alert',
      title: 'Broker link down',
      body: 'The link to Interactive Brokers is disconnected: no order can be sent or changed until it is back.',
    });
    expect(noticeForAlert({ kind: 'BROKER_UP', brokerState: 'READY' })?.title).toBe('Broker link back');
    expect(noticeForAlert({ kind: 'SOMETHING_NEW' })).toBeNull();
  });

  it('tells when a watched plan loses its ticks and when they come back, once', () => {
    const stale = { symbol: 'QQQ', ticksStale: true, lastTickAt: '2026-12-05T15:00:00Z' };
    expect(noticeForTicks({ ticksStale: false }, stale)).toEqual({
      kind: 'alert',
      title: 'No ticks: QQQ',
      body: 'No market data for QQQ since 2026-12-05T15:00:00Z: its stops and targets are not being checked against fresh prices.',
    });
    expect(noticeForTicks({ ticksStale: true }, stale)).toBeNull();
    expect(noticeForTicks({ ticksStale: true }, { symbol: 'QQQ', ticksStale: false, lastTickAt: null })?.title).toBe('Ticks back: QQQ');
    expect(noticeForTicks(undefined, { symbol: 'QQQ', ticksStale: false, lastTickAt: null })).toBeNull();
  });

  it('makes a rejected order urgent', () => {
    const reject = { type: 'REJECT', reason: 'margin', seq: 3, time: 't' } as unknown as HistoryEvent;
    const n = noticeFor(reject, { symbol: 'AAPL' });
    expect(n).toEqual({ kind: 'alert', title: 'Order rejected: AAPL', body: 'margin' });
    expect(isUrgent(n!)).toBe(true);
    expect(isUrgent(noticeForAlert({ kind: 'BROKER_UP' })!)).toBe(false);
  });
});
