import { describe, expect, it } from 'vitest';
import { eventText } from '../src/lib/format';

/** An order the broker moved onto the exchange's tick grid at the send (docs/ib.md, "Market rules"). */
describe('an order sent at the broker tick in the history', () => {
  it('shows the price sent as the server worded it', () => {
    expect(
      eventText({
        seq: 4,
        type: 'SENT_AS',
        role: 'ENTRY',
        side: 'BUY',
        quantity: 10,
        reason: 'limit 101.03 sent as 101.00 (rounded down): tick 0.1 at this price',
      }),
    ).toBe("entry order sent at the broker's tick: limit 101.03 sent as 101.00 (rounded down): tick 0.1 at this price");
  });
});
