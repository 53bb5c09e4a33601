/**
 * The pre-trade risk check behind the {@code RiskGate} (issue 14, point 2): the limits an entry
 * must fit, read from {@code LimitLayers} (limits are data, swapped in whole when an operator
 * changes them), against aggregates per user, per account and per symbol that every order sent and
 * every report received updates incrementally ({@link EntryLimits}), so a check never scans the
 * plans. After a restart or a take-over the runtime replays the stored orders and fills ({@link
 * RestoredOrder}) through the same counting ({@link Figures}). For sizing an entry, the room the
 * figures leave under the position and open-notional limits ({@link SizingRoom}). A check allocates
 * little (a few hundred bytes: the tracked order, its map entries, a few sums): the combined limits
 * are kept ({@link CombinedLimits}), the trading day worked out once a day ({@link TradingDay}),
 * sums of money made without {@code BigInteger} ({@link MoneySums}).
 *
 * <p>Must never: refuse, delay or resize an exit (a stop, a target, a flatten) or a cancel; send an
 * order (it only answers whether an entry may go, and names the entries a fill made too many, which
 * the gate cancels); do I/O; use {@code double} for money.
 */
package com.tradeplan.broker.risk;
