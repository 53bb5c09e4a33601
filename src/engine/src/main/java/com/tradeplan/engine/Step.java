package com.tradeplan.engine;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.CommandRefused;
import java.util.List;

/**
 * What one step of a session produced: the intents to send (orders and cancels, in the order the
 * rules decided them), the history events, the snapshots of plans whose durable state changed (to
 * persist and replicate), refused trader commands, and alerts for the operator.
 */
public record Step(
    List<Object> intents,
    List<PlanEvent> events,
    List<PlanSnapshot> changed,
    List<CommandRefused> refused,
    List<String> alerts) {
  public static final Step EMPTY = new Step(List.of(), List.of(), List.of(), List.of(), List.of());

  public boolean isEmpty() {
    return intents.isEmpty()
        && events.isEmpty()
        && changed.isEmpty()
        && refused.isEmpty()
        && alerts.isEmpty();
  }
}
