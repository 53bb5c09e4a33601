package com.tradeplan.cluster;

import com.tradeplan.domain.state.PlanSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The invariant of the tests in one JVM: at every moment at most one member has the right to send
 * for a user. Rights begin when a member's {@code onAcquire} runs (its guard already answers true)
 * and end when its {@code onRelease} runs, or when the test kills the member. Any overlap is a
 * violation, recorded with both members.
 */
final class SendRights {
  private final Map<String, String> holderOf = new ConcurrentHashMap<>();
  private final Map<String, Long> lastEpoch = new ConcurrentHashMap<>();
  private final Map<String, List<PlanSnapshot>> acquiredState = new ConcurrentHashMap<>();
  private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());

  /** The listener of one member. */
  OwnershipListener listenerFor(String member) {
    return new OwnershipListener() {
      @Override
      public void onAcquire(String owner, long epoch, List<PlanSnapshot> state) {
        String before = holderOf.putIfAbsent(owner, member);
        if (before != null) {
          violations.add(owner + ": " + member + " acquired while " + before + " held it");
        }
        Long prev = lastEpoch.put(owner, epoch);
        if (prev != null && prev >= epoch) {
          violations.add(owner + ": epoch went from " + prev + " to " + epoch);
        }
        acquiredState.put(owner, state);
        log.add("ACQUIRE " + owner + " " + epoch + " " + member);
      }

      @Override
      public void onRelease(String owner) {
        holderOf.remove(owner, member);
        log.add("RELEASE " + owner + " " + member);
      }
    };
  }

  /** The test killed {@code member}: it can send nothing from now on. */
  void memberDied(String member) {
    holderOf.values().removeIf(member::equals);
  }

  String holderOf(String owner) {
    return holderOf.get(owner);
  }

  List<PlanSnapshot> acquiredState(String owner) {
    return acquiredState.get(owner);
  }

  List<String> violations() {
    return List.copyOf(violations);
  }
}
