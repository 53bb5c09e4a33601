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
    default:
      return e.type;
  }
}
