package com.tradeplan.archfixture.engine;

import com.tradeplan.archfixture.store.CleanStore;

/** Breaks the layer rule: the engine depends upward on the store. */
public class EngineThatWritesTheStore {
  CleanStore store;
}
