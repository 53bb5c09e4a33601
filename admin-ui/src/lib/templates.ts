import { emptyForm, toRequest, type PlanForm } from './fields';
import type { Plan, PlanRequest } from './types';

/**
 * Plan templates and clones (docs/ui.md, "Templates and clones"): a plan's shape to and from the
 * create form. A template keeps what the trader typed, as strings (prices never pass through a
 * number), minus the expiry (a moment is not a shape); an empty field is left out, so a template
 * may leave the symbol to be typed each time. Pure, for the unit tests.
 */

/** The form's shape as a template's plan. */
export function templateFromForm(f: PlanForm): Partial<PlanRequest> {
  const req = toRequest({ ...f, expiresAt: '' });
  const out: Partial<PlanRequest> = { side: req.side };
  if (req.symbol !== '') out.symbol = req.symbol;
  if (String(req.quantity) !== '') out.quantity = req.quantity;
  out.entry = { condition: req.entry.condition, price: req.entry.price };
  out.stops = req.stops;
  if (req.targets) out.targets = req.targets;
  if (req.trailingStop) out.trailingStop = req.trailingStop;
  return out;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : '');

/** A form filled from a template's (or a plan's) fields; what the shape lacks stays empty. */
export function formFromShape(p: Partial<PlanRequest>): PlanForm {
  const f = emptyForm();
  f.symbol = text(p.symbol);
  if (p.side === 'LONG' || p.side === 'SHORT') f.side = p.side;
  f.quantity = text(p.quantity);
  if (p.entry) {
    if (p.entry.condition === 'ABOVE' || p.entry.condition === 'BELOW') f.condition = p.entry.condition;
    f.entryPrice = text(p.entry.price);
    f.maxSlippageTicks = text(p.entry.maxSlippageTicks);
  }
  if (Array.isArray(p.stops) && p.stops.length > 0) {
    f.stops = p.stops.map((s) => ({ price: text(s?.price), activateAt: text(s?.activateAt) }));
  }
  if (Array.isArray(p.targets)) {
    f.targets = p.targets.map((t) => ({ price: text(t?.price), quantity: text(t?.quantity) }));
  }
  f.trailingDistance = text(p.trailingStop?.distance);
  return f;
}

/**
 * A clone of a plan as a new form: the same symbol, side, quantity and levels as planned (not as
 * moved since by a trailing stop), no expiry (the original's may have passed).
 */
export function formFromPlan(p: Plan): PlanForm {
  return formFromShape({
    symbol: p.symbol,
    side: p.side,
    quantity: p.quantity,
    entry:
      p.entry.maxSlippageTicks === undefined || p.entry.maxSlippageTicks === null
        ? { condition: p.entry.condition, price: p.entry.price }
        : { condition: p.entry.condition, price: p.entry.price, maxSlippageTicks: p.entry.maxSlippageTicks },
    stops: p.stops.map((s) => (s.activateAt ? { price: s.price, activateAt: s.activateAt } : { price: s.price })),
    targets: p.targets.map((t) => (t.quantity ? { price: t.price, quantity: t.quantity } : { price: t.price })),
    trailingStop: p.trailingStop ? { distance: p.trailingStop.distance } : undefined,
  });
}

/** A form handed from one page to the create form (a clone): taken once, then gone. */
let offered: PlanForm | null = null;

export function offerForm(f: PlanForm): void {
  offered = f;
}

export function takeOfferedForm(): PlanForm | null {
  const f = offered;
  offered = null;
  return f;
}
