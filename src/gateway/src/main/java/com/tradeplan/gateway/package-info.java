/**
 * The paper IB gateway: a TWS-protocol server over a simulated exchange, for development, tests and
 * the default embedded setup. Holds everything in memory, within the limits of {@link
 * com.tradeplan.gateway.GatewayConfig} whatever its clients send; never connects to IB, and never
 * lets one client's input end another client's session, the accept loop or the process.
 */
package com.tradeplan.gateway;
