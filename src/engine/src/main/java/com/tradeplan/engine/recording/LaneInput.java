package com.tradeplan.engine.recording;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.TraderCommand;
import java.time.Instant;
import java.util.List;

/**
 * One entry of a lane's recording. Inputs ({@link Started}, {@link TickSeen}, {@link ReportsSeen},
 * {@link CommandRun}, {@link PlansAdded}, {@link UserRemoved}) are what the lane's {@link
 * com.tradeplan.engine.EngineCore} was given, in order; a replay gives a core the same. Outputs
 * ({@link OrderSent}, {@link CancelSent}, {@link EventsEmitted}) are what it decided, to compare a
 * replay with. {@link LinkChanged} and {@link Gap} are written by the recorder itself: the broker
 * link going down or up, and entries lost because its queue was full.
 */
public sealed interface LaneInput {

  /** The lane thread started (a process start): a replay starts a fresh core here. */
  record Started(Instant time, int lanes) implements LaneInput {}

  /** A tick as the lane evaluated it (after its batch folded others away). */
  record TickSeen(Tick tick) implements LaneInput {}

  /** Broker reports (OrderUpdate, Fill, Commission) applied in one engine call at {@code time}. */
  record ReportsSeen(List<Object> reports, Instant time) implements LaneInput {
    public ReportsSeen {
      reports = List.copyOf(reports);
    }
  }

  /** A trader command run for {@code owner} at {@code time}. */
  record CommandRun(String owner, TraderCommand command, Instant time) implements LaneInput {}

  /**
   * Plans put into the core: an activation ({@code restored} false) or plans restored from stored
   * state (a restart, a take-over, a rebuild, an edit).
   */
  record PlansAdded(List<PlanSnapshot> snapshots, boolean restored, Instant time)
      implements LaneInput {
    public PlansAdded {
      snapshots = List.copyOf(snapshots);
    }
  }

  /** Every plan of {@code owner} left the core (the user moved, or is rebuilt). */
  record UserRemoved(String owner, Instant time) implements LaneInput {}

  /** An order the core sent through the broker port, and the port's answer. */
  record OrderSent(OrderRequest request, SubmitResult result) implements LaneInput {}

  /** A cancel the core sent through the broker port, and the port's answer. */
  record CancelSent(OrderRef ref, SubmitResult result) implements LaneInput {}

  /** History events one step of {@code owner} produced, in order. */
  record EventsEmitted(String owner, List<PlanEvent> events) implements LaneInput {
    public EventsEmitted {
      events = List.copyOf(events);
    }
  }

  /** The broker link changed state (READY, DOWN, ...), as the recorder sampled it. */
  record LinkChanged(String state, Instant time) implements LaneInput {}

  /** {@code lost} entries of this lane were not recorded (the recorder's queue was full). */
  record Gap(long lost, Instant time) implements LaneInput {}
}
