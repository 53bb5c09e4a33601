package com.tradeplan.runtime.recording;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.engine.Reports;
import com.tradeplan.engine.recording.LaneInput;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks one user's entries out of the recording: the segments of the lane that ran the user (by the
 * lane count in each segment's header, so a restart with another lane count is followed), in time
 * order, up to {@code to}. Bounded: past {@code entriesMax} entries it stops and says so (a window
 * too long for one replay). Never throws for a bad segment: that is a problem of the result, with
 * the file and offset.
 */
public final class RecordingReader {
  private final Path dir;
  private final int entriesMax;

  public RecordingReader(Path dir, int entriesMax) {
    this.dir = dir;
    this.entriesMax = entriesMax;
  }

  /** The user's entries from the start of the recording to {@code to} (null: to the end). */
  public UserRecording read(String owner, Instant from, Instant to) {
    List<LaneInput> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> plans = new HashSet<>();
    Instant[] now = {Instant.EPOCH};
    boolean[] done = {false};
    boolean[] begun = {false};
    for (Segments.Segment seg : Segments.list(dir)) {
      if (done[0]) {
        break;
      }
      try {
        SegmentReader.Header h = SegmentReader.header(seg.file());
        if (h.lanes() < 1 || LaneEngine.laneIndexOf(owner, h.lanes()) != seg.lane()) {
          continue;
        }
        SegmentReader.read(
            seg.file(),
            header -> {},
            entry -> {
              Instant t = timeOf(entry);
              if (t != null) {
                now[0] = t;
              }
              if (to != null && now[0].isAfter(to)) {
                done[0] = true;
                return false;
              }
              LaneInput mine = mine(owner, plans, entry);
              if (mine == null) {
                return true;
              }
              boolean marker =
                  mine instanceof LaneInput.Gap || mine instanceof LaneInput.LinkChanged;
              if (!begun[0] && !marker) {
                begun[0] = true;
                if (!(mine instanceof LaneInput.Started)) {
                  problems.add(
                      "the recording of "
                          + owner
                          + " starts at "
                          + seg.opened()
                          + " in the middle of a run (older segments were deleted by retention)");
                }
              }
              if (mine instanceof LaneInput.Gap g) {
                problems.add(
                    g.lost() + " entries of lane " + seg.lane() + " not recorded at " + g.time());
              }
              out.add(mine);
              if (out.size() >= entriesMax) {
                problems.add("more than " + entriesMax + " entries: choose a shorter window");
                done[0] = true;
                return false;
              }
              return true;
            },
            false);
      } catch (RecordingFormatException e) {
        problems.add(e.getMessage());
      }
    }
    return new UserRecording(owner, from, to, out, problems);
  }

  /** The entry as it concerns {@code owner} (reports filtered to the user's plans), or null. */
  private static LaneInput mine(String owner, Set<String> plans, LaneInput entry) {
    if (entry instanceof LaneInput.PlansAdded p) {
      List<PlanSnapshot> own = new ArrayList<>();
      for (PlanSnapshot s : p.snapshots()) {
        if (owner.equals(s.plan().owner())) {
          own.add(s);
          plans.add(s.planId());
        }
      }
      return own.isEmpty() ? null : new LaneInput.PlansAdded(own, p.restored(), p.time());
    }
    if (entry instanceof LaneInput.ReportsSeen r) {
      List<Object> own = new ArrayList<>();
      for (Object x : r.reports()) {
        if (plans.contains(Reports.planId(x))) {
          own.add(x);
        }
      }
      return own.isEmpty() ? null : new LaneInput.ReportsSeen(own, r.time());
    }
    String who = null;
    if (entry instanceof LaneInput.CommandRun c) {
      who = c.owner();
    } else if (entry instanceof LaneInput.UserRemoved u) {
      who = u.owner();
    } else if (entry instanceof LaneInput.OrderSent o) {
      who = o.request().owner();
    } else if (entry instanceof LaneInput.EventsEmitted e) {
      who = e.owner();
    } else if (entry instanceof LaneInput.CancelSent c) {
      return plans.contains(c.ref().planId()) ? c : null;
    } else {
      return entry; // started, a tick, the link, a gap: the whole lane's
    }
    return owner.equals(who) ? entry : null;
  }

  /** The time an entry carries, if any (orders and events follow the entry that caused them). */
  public static Instant timeOf(LaneInput entry) {
    if (entry instanceof LaneInput.Started s) {
      return s.time();
    } else if (entry instanceof LaneInput.TickSeen t) {
      return t.tick().time();
    } else if (entry instanceof LaneInput.ReportsSeen r) {
      return r.time();
    } else if (entry instanceof LaneInput.CommandRun c) {
      return c.time();
    } else if (entry instanceof LaneInput.PlansAdded p) {
      return p.time();
    } else if (entry instanceof LaneInput.UserRemoved u) {
      return u.time();
    } else if (entry instanceof LaneInput.LinkChanged l) {
      return l.time();
    } else if (entry instanceof LaneInput.Gap g) {
      return g.time();
    }
    return null; // orders, cancels and events follow the entry that caused them
  }
}
