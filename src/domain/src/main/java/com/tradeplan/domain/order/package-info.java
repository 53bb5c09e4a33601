/**
 * The vocabulary of orders and fills: {@link com.tradeplan.domain.order.OrderRef} (the
 * deterministic client reference {@code planId:ROLE:index:attempt}, recorded before a send so that
 * nothing is sent twice), roles, actions, types, {@link com.tradeplan.domain.order.OrderStatus}
 * with its one transition table, and {@link com.tradeplan.domain.order.Fill}, one execution at its
 * actual quantity and price.
 *
 * <p>It must never hold an order's live state (the engine's {@code OrderRecord} does) or decide
 * whether a fill is accepted (the engine's {@code PlanState} does); money is never a double.
 */
package com.tradeplan.domain.order;
