import type { HistoryEvent, Plan } from './types';

/** Human words for the statuses (lifecycle.md section 2); the raw name stays in a title. */
export const STATUS_LABEL: Record<string, string> = {
  DRAFT: 'Draft',
  ACTIVE: 'Active (waiting for entry)',
  ENTRY_SUBMITTED: 'Entry sent',
  CONTINGENT_ACTIVE: 'In trade',
  CONTINGENT_SUBMITTED: 'Exit sent',
  INACTIVE: 'Closed',
  CANCELLED: 'Cancelled',
  REJECTED: 'Rejected',
  PENDING: 'Pending',
  LIVE: 'Live',
  CLOSED: 'Closed',
};

export function statusLabel(s: string | null | undefined): string {
  return s ? (STATUS_LABEL[s] ?? s) : '—';
}

/** Signed position in the plan's direction: +100 long, −100 short, 0 flat. */
export function positionText(p: Pick<Plan, 'position' | 'side'>): string {
  if (!p.position) {
    return '0';
  }
  return (p.side === 'SHORT' ? '−' : '+') + String(p.position);
}

/**
 * The flatten confirmation, saying the order it sends (lifecycle.md section 5: cancel the working
 * orders, one market exit for the whole open position): "Sell 100 AAPL to close the long", "Buy 100
 * AAPL to close the short". With nothing open there is no exit to send, and it says so.
 */
export function flattenConfirmText(p: Pick<Plan, 'position' | 'side' | 'symbol'>): string {
  const shares = Math.abs(p.position);
  if (!shares) {
    return `No ${p.symbol} position is open: cancel this plan's working orders?`;
  }
  return p.side === 'SHORT'
    ? `Buy ${shares} ${p.symbol} at market to close the short?`
    : `Sell ${shares} ${p.symbol} at market to close the long?`;
}

/** An ISO instant as local date and time, to the second; unchanged when unreadable. */
export function timeText(iso: string | null | undefined): string {
  if (!iso) {
    return '—';
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return iso;
  }
  return d.toLocaleString(undefined, { hour12: false });
}

/** One line that says what a history event was, in a trader's words. */
export function eventText(e: HistoryEvent): string {
  const leg = e.role ? e.role.toLowerCase() + (e.index !== null && e.index !== undefined ? ` ${e.index + 1}` : '') : '';
  const qty = e.quantity !== null && e.quantity !== undefined ? String(e.quantity) : '';
  const side = e.side ? e.side.toLowerCase() : '';
  switch (e.type) {
    case 'STATUS':
      return `status ${statusLabel(e.orderStatus)} / trade ${statusLabel(e.tradeStatus)}`;
    case 'ORDER':
      return `${leg} order sent: ${side} ${qty}`.trim();
    case 'FILL':
      return `${leg} filled: ${side} ${qty} @ ${e.price ?? '—'}`;
    case 'CANCEL':
      return `${leg} order cancelled (${qty} unfilled)`;
    case 'REJECT':
      return `${leg} order rejected${e.reason ? ': ' + e.reason : ''}`;
    case 'DENY':
      return `${leg} order denied before it left Tradeplan${e.reason ? ': ' + e.reason : ''}`;
    case 'ACTION':
      return `trader action: ${e.reason ?? ''}`.trim();
    case 'SLIPPAGE':
      return `${leg} slippage: ${e.reason ?? ''}`.trim();
    case 'GIVE_UP':
      return `${leg} given up, no more orders${e.reason ? ': ' + e.reason : ''}`;
    case 'SENT_AS':
      return `${leg} order sent at the broker's tick: ${e.reason ?? ''}`.trim();
    default:
      return e.type;
  }
}

/**
 * The cancel confirmation, saying exactly what happens (lifecycle.md section 5): a draft or a plan
 * waiting for its entry sends nothing; a working entry order is cancelled, and shares it filled
 * meanwhile stay a live trade with its stops and targets.
 */
export function cancelConfirmText(p: Pick<Plan, 'status' | 'side' | 'symbol' | 'quantity' | 'filledEntryQuantity'>): string {
  const buy = p.side === 'SHORT' ? 'sell' : 'buy';
  if (p.status === 'ENTRY_SUBMITTED') {
    const filled = p.filledEntryQuantity ?? 0;
    const rest = p.quantity - filled;
    const kept = filled > 0 ? ` The ${filled} filled stay a live trade with their stops and targets.` : '';
    return `Cancel the working entry order to ${buy} ${rest} ${p.symbol}?${kept}`;
  }
  if (p.status === 'ACTIVE') {
    return `Cancel the ${p.symbol} plan? It stops waiting to ${buy} ${p.quantity} ${p.symbol}; no order is working, none is sent.`;
  }
  return `Cancel the ${p.symbol} draft? Nothing has been sent to the broker.`;
}

/** What Activate does, for its title: nothing is sent until the entry condition holds. */
export function activateText(p: Pick<Plan, 'side' | 'symbol' | 'quantity' | 'entry'>): string {
  const buy = p.side === 'SHORT' ? 'Sell' : 'Buy';
  const when = p.entry.condition === 'BELOW' ? 'at or below' : 'at or above';
  return `${buy} ${p.quantity} ${p.symbol} when the last price is ${when} ${p.entry.price}`;
}
