package com.tradeplan.runtime.recording;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.engine.Reports;
import com.tradeplan.engine.recording.LaneInput;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks one user's entries out of the recording: the segments of the lane that ran the user (by the
 * lane count in each segment's header, so a restart with another lane count is followed), in time
 * order, up to {@code to}. Bounded: past {@code entriesMax} entries it stops and says so (a window
 * too long for one replay). Never throws for a bad segment: that is a problem of the result, with
 * the file and offset. A lane's newest segment opened after {@code to} is the exception: it may be
 * the one being written (empty on disk until the writer's first flush, then readable to its last
 * flush), and what of it could not be read was written after the window; an empty segment of
 * another user's lane is not this user's problem either.
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
    List<Segments.Segment> segments = Segments.list(dir);
    Map<Integer, Path> newest = new HashMap<>();
    for (Segments.Segment seg : segments) {
      newest.put(seg.lane(), seg.file()); // oldest first: the last one stays
    }
    Map<Integer, Integer> laneCounts = new HashMap<>();
    for (Segments.Segment seg : segments) {
      if (done[0]) {
        break;
      }
      // the newest segment of a lane may be open: the writer writes it at its flushes (each
      // second), so a copy of a live folder holds it empty or up to its last flush. Opened after
      // the window's end, nothing of the window is in what could not be read of it.
      boolean pastTheWindow =
          to != null && seg.opened().isAfter(to) && seg.file().equals(newest.get(seg.lane()));
      if (seg.bytes() == 0) {
        Integer lanes = laneCounts.get(seg.lane());
        boolean otherLane = lanes != null && LaneEngine.laneIndexOf(owner, lanes) != seg.lane();
        if (!otherLane && !pastTheWindow) {
          problems.add(
              seg.file()
                  + ": an empty segment (opened at "
                  + seg.opened()
                  + ", nothing written yet): entries of lane "
                  + seg.lane()
                  + " from then may be missing");
        }
        continue;
      }
      try {
        SegmentReader.Header h = SegmentReader.header(seg.file());
        laneCounts.put(seg.lane(), h.lanes());
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
        if (!pastTheWindow) {
          problems.add(e.getMessage());
        }
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
