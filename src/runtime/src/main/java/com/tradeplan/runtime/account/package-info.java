/**
 * The trader's account at a glance (issue 18, point 2): net positions per symbol, P&amp;L of the
 * trading day and in total, commissions, the money at risk of each live plan and in total, the
 * working orders, the risk limits in force and the room they leave, and the alerts that concern the
 * trader.
 *
 * <p>It owns one thing: <b>the arithmetic of these figures</b>, in one place ({@link
 * com.tradeplan.runtime.account.AccountBook}, pure and unit-tested), fed by {@link
 * com.tradeplan.runtime.account.AccountReads} from what the platform already holds (the plans'
 * states, their fill histories, the risk limits, the kill switch). The API and the web UI show its
 * figures; they never recompute them.
 *
 * <p>It must never change anything: no command, no order, no write to the store. It is a read model
 * of the plans, so it decides nothing about trading (the rules and the risk gate do).
 */
package com.tradeplan.runtime.account;
