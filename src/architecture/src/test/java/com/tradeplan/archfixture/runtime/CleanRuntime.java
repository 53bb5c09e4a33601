package com.tradeplan.archfixture.runtime;

import com.tradeplan.archfixture.cluster.ClusterOnHazelcast;
import com.tradeplan.archfixture.store.CleanStore;

/** Keeps the rules: the runtime wires the store and the cluster below it. */
public class CleanRuntime {
  CleanStore store;
  ClusterOnHazelcast cluster;
}
