package com.tradeplan.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * The envelope of a {@link HolderCall} on Hazelcast's executor: on the receiving member it runs the
 * call only if that member holds the user now (a lease with an epoch), with the target the member
 * registered; otherwise it answers {@link HolderReply.Unavailable} (a take-over is in progress: the
 * caller retries). Never forwarded again.
 */
final class HolderTask<C, T extends Serializable>
    implements Callable<HolderReply<T>>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;

  private final HolderCall<C, T> call;
  private transient HazelcastInstance instance;

  HolderTask(HolderCall<C, T> call) {
    this.call = call;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hz) {
    this.instance = hz;
  }

  @Override
  @SuppressWarnings("unchecked")
  public HolderReply<T> call() {
    Object node = instance.getUserContext().get(ClusterNode.USER_CONTEXT_KEY);
    Object target = instance.getUserContext().get(ClusterNode.CALL_TARGET_KEY);
    if (!(node instanceof ClusterNode n) || target == null || n.epochOf(call.owner()) == null) {
      return new HolderReply.Unavailable<>("user " + call.owner() + " is being taken over; retry");
    }
    try {
      return new HolderReply.Answered<>(call.call((C) target));
    } catch (RuntimeException e) {
      return new HolderReply.Unavailable<>("the holding member failed the call: " + e);
    }
  }
}
