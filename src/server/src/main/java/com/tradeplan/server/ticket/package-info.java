/**
 * The plan ticket's server side (issue 18, point 4): quotes what an order would cost under the
 * commission model the account is charged with ({@link
 * com.tradeplan.domain.commission.CommissionModel}), so the UI's ticket and the server never
 * disagree about a commission; and sizes an entry from an amount at risk with its commissions, its
 * price band's tier and the caller's limits ({@link com.tradeplan.domain.risk.EntrySizing}).
 *
 * <p>Owns quoting and sizing only. Must never: keep state, send or change an order, reserve room
 * under a limit, or compute money with {@code double}.
 */
package com.tradeplan.server.ticket;
