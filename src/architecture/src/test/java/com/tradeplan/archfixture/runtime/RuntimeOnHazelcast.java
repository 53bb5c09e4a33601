package com.tradeplan.archfixture.runtime;

import com.hazelcast.core.HazelcastInstance;

/** Breaks the Hazelcast rule: the runtime holds the Hazelcast instance instead of the cluster. */
public class RuntimeOnHazelcast {
  HazelcastInstance hazelcast;
}
