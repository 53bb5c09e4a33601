/**
 * The trader's account over HTTP: {@code GET /api/account} ({@link
 * com.tradeplan.server.account.AccountController}), the figures of the runtime's {@code
 * AccountBook} written as decimal strings.
 *
 * <p>It must never compute a figure of its own (the runtime's {@code AccountBook} is the one
 * place), show a trader another user's account, or write money as a JSON number.
 */
package com.tradeplan.server.account;
