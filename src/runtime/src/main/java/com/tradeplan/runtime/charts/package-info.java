/**
 * The charts' history in the store (issue 18, point 3): {@link
 * com.tradeplan.runtime.charts.ChartHistoryQueue} writes each plan's level points and each trader's
 * P&amp;L minutes to MongoDB off the caller's thread, through its own bounded queue that takes no
 * lock (JCTools' {@code MpscBlockingConsumerVarHandleArrayQueue}), and reads them back for a chart
 * after a restart or a take-over.
 *
 * <p>Must never: make a lane (or any caller) wait on the store, grow without a bound, or hold trade
 * state: what it keeps is a read model, and losing a write under a full queue costs a chart a
 * point, never an order.
 */
package com.tradeplan.runtime.charts;
