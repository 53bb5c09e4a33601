/**
 * The one port through which orders leave: {@link com.tradeplan.domain.broker.Broker} ({@code
 * submit}, {@code cancel}) with its requests ({@link com.tradeplan.domain.broker.OrderRequest}),
 * results ({@link com.tradeplan.domain.broker.SubmitResult}: accepted, duplicate, or a local risk
 * denial) and the reports that come back ({@link com.tradeplan.domain.broker.BrokerListener},
 * {@link com.tradeplan.domain.broker.OrderUpdate}). The engine, the simulator and the IB client
 * meet here.
 *
 * <p>It must never hold an implementation: no socket, no pacing, no risk rule (those are the broker
 * module's); and a denial must never be reported as a broker rejection.
 */
package com.tradeplan.domain.broker;
