/**
 * A clean-room TWS socket API client at server version 193, shaped like IB's EClientSocket /
 * EWrapper. Written from public descriptions of the protocol; it must never contain IB's code.
 * Shared with the paper gateway: framing ({@link com.tradeplan.broker.tws.Frames}) and field
 * readers/writers.
 *
 * <p>A connection may watch itself ({@link com.tradeplan.broker.tws.Liveness}: a heartbeat, a
 * dead-link bound on silence and on blocked writes). Its reader thread must never die on what the
 * network sends: a malformed message is skipped, an implausible number is a malformed message, and
 * only a broken frame closes the connection.
 */
package com.tradeplan.broker.tws;
