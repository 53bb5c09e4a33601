/**
 * The trader's REST API: plans ({@link com.tradeplan.server.plans.PlanController}), changes of the
 * exits of a live trade ({@link com.tradeplan.server.plans.ExitChangeController}), trades and P&L,
 * last prices, requests read with the simulator's PLANS.json mapping ({@link
 * com.tradeplan.server.plans.PlanRequestReader}) and answered as views ({@link
 * com.tradeplan.server.plans.PlanJson}), commands made safe to retry with an {@code
 * Idempotency-Key} ({@link com.tradeplan.server.plans.IdempotentCommands}).
 *
 * <p>It must never decide anything about a plan (the runtime's {@code TradingService} does), show a
 * user another user's plan (another owner's id answers as if it did not exist), or write a price as
 * a JSON number.
 */
package com.tradeplan.server.plans;
