/**
 * What a broker charges for an order, as Interactive Brokers prices it (issue 19, point 1): {@link
 * CommissionModel} with IB Pro's fixed and tiered plans and a plain per-share rate. The one
 * implementation both the simulator's market and the paper gateway charge with, so that a
 * simulation and a paper run of the same ticks pay the same commissions.
 *
 * <p>Owns the price list and its arithmetic only. Must never: keep state between orders (the
 * month's volume is a parameter, not a counter), round anywhere but where the model says, do I/O,
 * or use {@code double} for money.
 */
package com.tradeplan.domain.commission;
