/**
 * The risk limits over HTTP (docs/risk.md, docs/api.md "Risk limits"): operators and strategy
 * admins read and change each layer's limits (a change is a new version, audited); a trader reads
 * the limits that hold for them. JSON carries money as strings.
 *
 * <p>Must never: decide whether an order fits (the broker's RiskGate does), or store a limit other
 * than through the runtime's {@code RiskLimitsService}.
 */
package com.tradeplan.server.risk;
