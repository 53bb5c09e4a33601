package com.tradeplan.archfixture.cluster;

import com.hazelcast.core.HazelcastInstance;

/** Keeps the rules: Hazelcast is the cluster's own. */
public class ClusterOnHazelcast {
  HazelcastInstance hazelcast;
}
