package com.tradeplan.archfixture.runtime;

import com.tradeplan.archfixture.server.ServerWiringEverything;

/** Breaks the layer rule: the runtime depends upward on the server. */
public class RuntimeThatCallsTheServer {
  ServerWiringEverything server;
}
