/**
 * The facts the lifecycle rules see and insert. {@link com.tradeplan.engine.facts.PlanState} and
 * its stop and target levels are the per-plan state (a plan's money, its orders and the orders it
 * decides, the broker's reports applied to it, its exit's one-way state and its step history are
 * kept by package-private parts of it that rules never see: the rules name only PlanState); ticks,
 * fills and order updates come in from outside; {@link com.tradeplan.engine.facts.OrderIntent} and
 * {@link com.tradeplan.engine.facts.CancelIntent} go out to the broker. The bookkeeping methods
 * here enforce the invariants that no rule may break (never exit more than the open position, a
 * replayed execution or commission report changes nothing, an exit sends at most its bound of
 * orders) and say what a refused order means for its plan; the decisions of when and how much live
 * in the rules.
 */
package com.tradeplan.engine.facts;
