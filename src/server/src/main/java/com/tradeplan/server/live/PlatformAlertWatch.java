package com.tradeplan.server.live;

import com.tradeplan.runtime.KillSwitch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the platform's state, read again and again, into the changes a trader must not miss: a kill
 * switch engaged or released, the broker link lost or back (docs/api.md, "Live updates", alerts).
 * The first reading only sets what is known: a trader who connects later reads the state itself
 * (the kill switch panel, the account page). Not thread-safe: one poller calls it.
 */
final class PlatformAlertWatch {
  /**
   * One change. {@code scope} ({@code global}, {@code user:NAME}, {@code account:ID}), {@code
   * words} and {@code actor} for a kill switch; {@code brokerState} for the broker link.
   */
  record Alert(
      String kind, String scope, String words, String actor, String brokerState, Instant at) {
    static final String KILL_SWITCH_ENGAGED = "KILL_SWITCH_ENGAGED";
    static final String KILL_SWITCH_RELEASED = "KILL_SWITCH_RELEASED";
    static final String BROKER_DOWN = "BROKER_DOWN";
    static final String BROKER_UP = "BROKER_UP";
  }

  private static final String READY = "READY";

  /** Engaged switches by scope and reason; null before the first reading. */
  private Map<String, KillSwitch.Engagement> engaged;

  private String brokerState;

  /** The changes since the last reading (none at the first). */
  List<Alert> next(List<KillSwitch.Engagement> now, String broker, Instant at) {
    Map<String, KillSwitch.Engagement> current = new LinkedHashMap<>();
    for (KillSwitch.Engagement e : now) {
      current.put(e.scope() + "/" + e.reason(), e);
    }
    List<Alert> out = new ArrayList<>();
    if (engaged != null) {
      current.forEach(
          (k, e) -> {
            if (!engaged.containsKey(k)) {
              out.add(
                  new Alert(
                      Alert.KILL_SWITCH_ENGAGED,
                      e.scope().toString(),
                      words(e),
                      e.actor(),
                      null,
                      at));
            }
          });
      engaged.forEach(
          (k, e) -> {
            if (!current.containsKey(k)) {
              out.add(
                  new Alert(
                      Alert.KILL_SWITCH_RELEASED, e.scope().toString(), words(e), null, null, at));
            }
          });
      boolean wasReady = READY.equals(brokerState);
      boolean ready = READY.equals(broker);
      if (wasReady && !ready) {
        out.add(new Alert(Alert.BROKER_DOWN, null, null, null, broker, at));
      } else if (!wasReady && ready) {
        out.add(new Alert(Alert.BROKER_UP, null, null, null, broker, at));
      }
    }
    engaged = current;
    brokerState = broker;
    return out;
  }

  private static String words(KillSwitch.Engagement e) {
    return e.detail() == null || e.detail().isBlank() ? e.reason().words() : e.detail();
  }
}
