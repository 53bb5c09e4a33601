package com.tradeplan.archfixture.server;

import com.tradeplan.archfixture.engine.CleanEngine;
import com.tradeplan.archfixture.runtime.CleanRuntime;
import com.tradeplan.archfixture.store.CleanStore;

/** Keeps the rules: the server may depend on every module below it. */
public class ServerWiringEverything {
  CleanEngine engine;
  CleanStore store;
  CleanRuntime runtime;
}
