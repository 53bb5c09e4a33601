/**
 * The paper IB gateway: a TWS-protocol server over a simulated exchange, for development, tests and
 * the default embedded setup. Holds everything in memory; never connects to IB.
 */
package com.tradeplan.gateway;
