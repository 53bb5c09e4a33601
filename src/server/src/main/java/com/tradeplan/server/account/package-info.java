/**
 * The trader's account over HTTP: {@code GET /api/account} ({@link
 * com.tradeplan.server.account.AccountController}), the figures of the runtime's {@code
 * AccountBook} written as decimal strings; and the commission plan that prices each IB account
 * ({@link com.tradeplan.server.account.AccountCommissionPlans}: the account's own, set by operators
 * through {@link com.tradeplan.server.account.AccountCommissionController}, else the platform's),
 * which sizing prices a trader's entry with.
 *
 * <p>It must never compute a figure of its own (the runtime's {@code AccountBook} is the one
 * place), show a trader another user's account, write money as a JSON number, or price commissions
 * with a model of its own (every plan is a {@code CommissionModel}, read by its one parser).
 */
package com.tradeplan.server.account;
