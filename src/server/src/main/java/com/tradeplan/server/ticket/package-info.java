/**
 * The plan ticket's server side (issue 18, point 4): quotes what an order would cost under the
 * commission model the account is charged with ({@link
 * com.tradeplan.domain.commission.CommissionModel}), so the UI's ticket and the server never
 * disagree about a commission.
 *
 * <p>Owns quoting only. Must never: keep state, send or change an order, or compute money with
 * {@code double}.
 */
package com.tradeplan.server.ticket;
