/**
 * Live updates over WebSocket (STOMP at {@code /ws}): each trader's subscription to their own
 * plans' updates, in sequence order, resumable after a reconnect ({@link
 * com.tradeplan.server.live.LiveSubscriptions}, {@link com.tradeplan.server.live.LiveMessage}).
 *
 * <p>It must never send one user's updates to another session, leave a silent gap (a client that
 * falls behind gets a snapshot), or let a client send anything but its subscription.
 */
package com.tradeplan.server.live;
