import type { PlanRequest } from './types';
import { quantityValue } from './api';
import { emptyStrategy, strategyPaths, strategyRequest, type StrategyForm } from './strategies';

/**
 * The create form's model and its mapping to the request body. Field paths are exactly the
 * server's error paths (PlanValidator: "entry.price", "stops[1].activateAt", ...), so an error
 * lands next to the input that has the same path.
 */
export interface PlanForm {
  symbol: string;
  side: string;
  quantity: string;
  condition: string;
  entryPrice: string;
  /** datetime-local value (the trader's local time) or '' */
  expiresAt: string;
  /** whole ticks past the trigger a marketable-limit entry may fill at, or '' for a market entry */
  maxSlippageTicks: string;
  stops: { price: string; activateAt: string }[];
  targets: { price: string; quantity: string }[];
  trailingDistance: string;
  /** the rule-set strategy chosen and its parameters (StrategyFields.svelte) */
  strategy: StrategyForm;
}

export function emptyForm(): PlanForm {
  return {
    symbol: '',
    side: 'LONG',
    quantity: '',
    condition: 'ABOVE',
    entryPrice: '',
    expiresAt: '',
    maxSlippageTicks: '',
    stops: [{ price: '', activateAt: '' }],
    targets: [],
    trailingDistance: '',
    strategy: emptyStrategy(),
  };
}

/** A local date-time as an ISO instant; left as typed when unreadable so the server names it. */
export function expiryInstant(local: string): string {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

/**
 * The JSON body. Prices go as the strings typed (trimmed): never through a JS number. Optional
 * fields left empty are omitted, not sent as "".
 */
export function toRequest(f: PlanForm): PlanRequest {
  const t = (s: string) => s.trim();
  const req: PlanRequest = {
    symbol: t(f.symbol).toUpperCase(),
    side: f.side,
    quantity: quantityValue(f.quantity),
    entry: { condition: f.condition, price: t(f.entryPrice) },
    stops: f.stops.map((s) => (t(s.activateAt) ? { price: t(s.price), activateAt: t(s.activateAt) } : { price: t(s.price) })),
  };
  if (t(f.expiresAt)) {
    req.entry.expiresAt = expiryInstant(t(f.expiresAt));
  }
  if (t(f.maxSlippageTicks)) {
    // a count of ticks, not money: a JSON integer; anything else goes as typed for the server to name
    const ticks = t(f.maxSlippageTicks);
    req.entry.maxSlippageTicks = /^\d{1,6}$/.test(ticks) ? Number(ticks) : ticks;
  }
  if (f.targets.length > 0) {
    req.targets = f.targets.map((x) => (t(x.quantity) ? { price: t(x.price), quantity: quantityValue(x.quantity) } : { price: t(x.price) }));
  }
  if (t(f.trailingDistance)) {
    req.trailingStop = { distance: t(f.trailingDistance) };
  }
  const strategy = strategyRequest(f.strategy);
  if (strategy) {
    req.strategy = strategy;
  }
  return req;
}

/** Every field path the form renders an input for, so other errors go to the summary. */
export function renderedPaths(f: PlanForm): Set<string> {
  const paths = new Set(['symbol', 'side', 'quantity', 'entry', 'entry.condition', 'entry.price', 'entry.expiresAt', 'entry.maxSlippageTicks', 'stops', 'targets', 'trailingStop', 'trailingStop.distance']);
  f.stops.forEach((_, i) => {
    paths.add(`stops[${i}]`);
    paths.add(`stops[${i}].price`);
    paths.add(`stops[${i}].activateAt`);
  });
  f.targets.forEach((_, j) => {
    paths.add(`targets[${j}]`);
    paths.add(`targets[${j}].price`);
    paths.add(`targets[${j}].quantity`);
  });
  strategyPaths(f.strategy).forEach((p) => paths.add(p));
  return paths;
}

/** The tick size a server error names ("must be a multiple of the tick size 0.05"), if any. */
export function tickSizeIn(messages: readonly string[] | undefined): string | null {
  for (const m of messages ?? []) {
    const match = /multiple of the tick size (\d+(?:\.\d+)?)/.exec(m);
    if (match?.[1]) {
      return match[1];
    }
  }
  return null;
}

/** A DOM id for a field path ("stops[1].price" -> "f-stops-1-price"). */
export function fieldId(path: string): string {
  return 'f-' + path.replace(/[[\].]+/g, '-').replace(/-$/, '');
}
