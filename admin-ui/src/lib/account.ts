import { formatDecimal, formatPnl, isDecimal, sign } from './decimal';

/**
 * The trader's account as `GET /api/account` answers it (docs/api.md, "The account"). Every figure
 * is computed by the server (`AccountBook`); this module only types it, words it and decides when
 * to read it again. Money stays a decimal string from the server to the screen. The server leaves
 * null fields out, so a field typed `string | null` may also be absent.
 */
export interface AccountJson {
  user: string;
  account: string | null;
  asOf: string;
  tradingDay: string;
  today: PnlJson;
  total: PnlJson;
  unrealizedPnl: string;
  moneyAtRisk: string;
  positions: PositionJson[];
  plansAtRisk: PlanRiskJson[];
  workingOrders: WorkingOrderJson[];
  limits: LimitRoomJson[];
  alerts: AlertJson[];
}

export interface PnlJson {
  realizedPnl: string;
  commission: string;
}

export interface PositionJson {
  symbol: string;
  netPosition: number;
  longShares: number;
  shortShares: number;
  averagePrice: string | null;
  lastPrice: string | null;
  unrealizedPnl: string | null;
  realizedTodayPnl: string;
}

export interface PlanRiskJson {
  planId: string;
  symbol: string;
  side: 'LONG' | 'SHORT';
  status: string;
  position: number;
  activeStop: string | null;
  referencePrice: string | null;
  referenceKind: 'LAST' | 'AVERAGE_ENTRY' | null;
  positionRisk: string | null;
  openEntryQuantity: number;
  entryPrice: string | null;
  entryStop: string | null;
  entryRisk: string | null;
  moneyAtRisk: string;
  protectedFully: boolean;
}

export interface WorkingOrderJson {
  planId: string;
  symbol: string;
  orderRef: string;
  role: string;
  action: string;
  quantity: number;
  filledQuantity: number;
  status: string;
}

export interface LimitRoomJson {
  limit: string;
  words: string;
  value: string | null;
  used: string | null;
  left: string | null;
  where: string | null;
}

export interface AlertJson {
  kind: string;
  subject: string | null;
  message: string;
}

/** A net position with its direction: "+100" long, "−50" short, "0" flat. */
export function netText(shares: number): string {
  if (!shares) return '0';
  return (shares < 0 ? '−' : '+') + String(Math.abs(shares));
}

/** Money for a figure that is not a P&L (money at risk, a limit): grouped, unsigned, "—" when unknown. */
export function moneyText(s: string | null | undefined): string {
  return formatDecimal(s);
}

/** A P&L: grouped and always signed. */
export function pnlText(s: string | null | undefined): string {
  return formatPnl(s);
}

/** What the money at risk of a position is measured from. */
export function referenceText(kind: PlanRiskJson['referenceKind']): string {
  if (kind === 'LAST') return 'last price';
  if (kind === 'AVERAGE_ENTRY') return 'average entry (no price yet)';
  return '—';
}

/** How a limit stands: no limit, room left, or none left (the next entry that adds is refused). */
export function limitState(l: LimitRoomJson): 'none' | 'each-order' | 'room' | 'full' {
  if (!isDecimal(l.value)) return 'none';
  if (!isDecimal(l.left)) return 'each-order';
  return sign(l.left) > 0 ? 'room' : 'full';
}

/** The words for a limit's value. */
export function limitValueText(l: LimitRoomJson): string {
  return isDecimal(l.value) ? formatDecimal(l.value) : 'no limit';
}

/**
 * When to read the account again: at once when nothing was read for `minGapMs`, else once at the
 * end of that gap however many live updates arrived meanwhile (a burst of P&L updates costs one
 * read a second, and the last update is never missed). `clock` and `schedule` are injected so the
 * rule is tested without timers.
 */
export class RefetchThrottle {
  private lastAt = Number.NEGATIVE_INFINITY;
  private pending = false;

  constructor(
    private readonly fetch: () => void,
    private readonly minGapMs: number,
    private readonly clock: () => number,
    private readonly schedule: (run: () => void, delayMs: number) => void,
  ) {}

  /** Something changed: read again now, or once at the end of the gap. */
  request(): void {
    if (this.pending) return;
    const wait = this.lastAt + this.minGapMs - this.clock();
    if (wait <= 0) {
      this.run();
      return;
    }
    this.pending = true;
    this.schedule(() => {
      this.pending = false;
      this.run();
    }, wait);
  }

  private run(): void {
    this.lastAt = this.clock();
    this.fetch();
  }
}
