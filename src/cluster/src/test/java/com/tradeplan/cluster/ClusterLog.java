package com.tradeplan.cluster;

import com.tradeplan.cluster.MemberProcess.Line;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks over the stdout lines of every member process of a run. */
final class ClusterLog {
  private final List<Line> all = new ArrayList<>();

  ClusterLog(Collection<MemberProcess> members) {
    members.forEach(m -> all.addAll(m.lines()));
  }

  /** Users a member holds after replaying its ACQUIRE/RELEASE lines up to {@code untilMillis}. */
  static Set<String> heldBy(MemberProcess m, long untilMillis) {
    Set<String> held = new HashSet<>();
    for (Line l : m.ownershipLines()) {
      if (l.timeMillis() > untilMillis) {
        break;
      }
      if (l.event().equals("ACQUIRE")) {
        held.add(l.field(0));
      } else if (l.event().equals("RELEASE")) {
        held.remove(l.field(0));
      }
    }
    return held;
  }

  /** Null when every user is held by exactly one of {@code alive}; else what is wrong. */
  static String ownershipProblem(Collection<MemberProcess> alive, int users) {
    Map<String, List<String>> holders = new HashMap<>();
    for (MemberProcess m : alive) {
      for (String u : heldBy(m, Long.MAX_VALUE)) {
        holders.computeIfAbsent(u, k -> new ArrayList<>()).add(m.name);
      }
    }
    for (int u = 0; u < users; u++) {
      List<String> h = holders.getOrDefault("u" + u, List.of());
      if (h.size() != 1) {
        return "u" + u + " held by " + h;
      }
    }
    return null;
  }

  /**
   * The fencing invariants; returns every violation:
   *
   * <ol>
   *   <li>an epoch of a user is acquired by one member only;
   *   <li>an allowed send at an epoch comes from the member that acquired that epoch;
   *   <li>no allowed send at epoch e was checked after another member printed its acquire of a
   *       later epoch (the old owner stopped before the new one started). A SEND line carries the
   *       time the guard read just before its check ({@link SendDecision#timeMillis}); a check
   *       after a standstill is refused, so that time is exact for a frozen member. An ACQUIRE line
   *       carries its print time, a little after the grant: a send checked in between would pass;
   *   <li>an acquire of epoch e' carries, for every plan, at least the version of every allowed
   *       send at an earlier epoch (an allowed send was replicated before the lease moved, or it
   *       would have been fenced): nothing acknowledged is lost or rolled back.
   * </ol>
   */
  List<String> violations() {
    List<String> v = new ArrayList<>();
    Map<String, String> acquirerOf = new HashMap<>();
    List<Line> acquires = new ArrayList<>();
    List<Line> sends = new ArrayList<>();
    for (Line l : all) {
      if (l.event().equals("ACQUIRE")) {
        acquires.add(l);
        String key = l.field(0) + "@" + l.field(1);
        String before = acquirerOf.put(key, l.member());
        if (before != null) {
          v.add("epoch " + key + " acquired by " + before + " and " + l.member());
        }
      } else if (l.event().equals("SEND") && l.field(2).equals("true")) {
        sends.add(l);
      }
    }
    for (Line s : sends) {
      String key = s.field(0) + "@" + s.field(1);
      if (!s.member().equals(acquirerOf.get(key))) {
        v.add("send " + s + " at an epoch acquired by " + acquirerOf.get(key));
      }
    }
    for (Line a : acquires) {
      String owner = a.field(0);
      long epoch = Long.parseLong(a.field(1));
      Map<String, Long> acquired = new HashMap<>();
      if (a.fields().size() > 2 && !a.field(2).isEmpty()) {
        for (String pv : a.field(2).split(",")) {
          int at = pv.lastIndexOf('@');
          acquired.put(pv.substring(0, at), Long.parseLong(pv.substring(at + 1)));
        }
      }
      for (Line s : sends) {
        if (!s.field(0).equals(owner) || Long.parseLong(s.field(1)) >= epoch) {
          continue;
        }
        if (!s.member().equals(a.member()) && s.timeMillis() > a.timeMillis()) {
          v.add("send " + s + " after " + a);
        }
        long sent = Long.parseLong(s.field(5));
        Long got = acquired.get(s.field(4));
        if (got == null || got < sent) {
          v.add(a + " carries " + s.field(4) + "@" + got + " but " + s + " was replicated before");
        }
      }
    }
    return v;
  }

  /** The highest version of each plan any member was allowed to send, printed before a time. */
  Map<String, Long> maxAllowedVersions(long beforeMillis) {
    Map<String, Long> max = new HashMap<>();
    for (Line l : all) {
      if (l.event().equals("SEND") && l.field(2).equals("true") && l.timeMillis() < beforeMillis) {
        max.merge(l.field(4), Long.parseLong(l.field(5)), Math::max);
      }
    }
    return max;
  }

  /** Latencies (µs) of allowed sends printed in [from, to]. */
  List<Long> sendLatenciesMicros(long fromMillis, long toMillis) {
    List<Long> out = new ArrayList<>();
    for (Line l : all) {
      if (l.event().equals("SEND")
          && l.field(2).equals("true")
          && l.timeMillis() >= fromMillis
          && l.timeMillis() <= toMillis) {
        out.add(Long.parseLong(l.field(6)));
      }
    }
    return out;
  }
}
