/**
 * A clean-room TWS socket API client at server version 193, shaped like IB's EClientSocket /
 * EWrapper. Written from public descriptions of the protocol; it must never contain IB's code.
 * Shared with the paper gateway: framing ({@link com.tradeplan.broker.tws.Frames}) and field
 * readers/writers.
 */
package com.tradeplan.broker.tws;
