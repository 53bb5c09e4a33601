package com.tradeplan.archfixture.store;

import com.tradeplan.archfixture.server.ServerWiringEverything;

/** Breaks the layer rule: the store depends upward on the server. */
public class StoreThatCallsTheServer {
  ServerWiringEverything server;
}
