package com.tradeplan.server.live;

import com.tradeplan.server.plans.PlanJson;
import java.util.List;

/**
 * What a trader receives on {@code /user/queue/updates} (docs/api.md, "Live updates").
 *
 * <ul>
 *   <li>{@code update}: one live update: {@code sequence} (per user, +1 each), the plan id, the
 *       event (a status change, order, fill, ...; absent for a P&L-only update) and the plan's
 *       state after it. Apply it when {@code plan.version} is above the version held.
 *   <li>{@code snapshot}: the state of the user's open plans (DRAFT and every plan the engine
 *       watches; bounded by the per-user limits; ended plans are read page by page over REST). Sent
 *       first on a subscription without {@code last-sequence}, and whenever updates were missed
 *       (the server's replay window did not reach back to the client's last sequence, or the client
 *       read too slowly): apply it, reload what else is shown, then go on applying updates.
 *   <li>{@code alert}: a platform alert for this trader ({@link LiveAlerts}): a kill switch engaged
 *       or released, the broker link down or up. Not sequenced, not replayed.
 * </ul>
 */
public record LiveMessage(
    String type,
    Long sequence,
    String planId,
    PlanJson.HistoryJson event,
    PlanJson.PlanResponse plan,
    String reason,
    List<PlanJson.PlanResponse> plans,
    AlertJson alert) {

  /** A platform alert: {@code kind} and what it names (null fields are not sent). */
  public record AlertJson(
      String kind, String scope, String words, String actor, String brokerState, String at) {}

  static LiveMessage update(
      long sequence, String planId, PlanJson.HistoryJson event, PlanJson.PlanResponse plan) {
    return new LiveMessage("update", sequence, planId, event, plan, null, null, null);
  }

  static LiveMessage snapshot(String reason, List<PlanJson.PlanResponse> plans) {
    return new LiveMessage("snapshot", null, null, null, null, reason, plans, null);
  }

  static LiveMessage alert(PlatformAlertWatch.Alert a) {
    return new LiveMessage(
        "alert",
        null,
        null,
        null,
        null,
        null,
        null,
        new AlertJson(
            a.kind(), a.scope(), a.words(), a.actor(), a.brokerState(), a.at().toString()));
  }
}
