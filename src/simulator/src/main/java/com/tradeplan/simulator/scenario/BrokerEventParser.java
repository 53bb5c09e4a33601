package com.tradeplan.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.simulator.scenario.ScenarioFile.BrokerEvent;
import com.tradeplan.simulator.scenario.ScenarioFile.DenyNext;
import com.tradeplan.simulator.scenario.ScenarioFile.Hold;
import com.tradeplan.simulator.scenario.ScenarioFile.InjectedCommission;
import com.tradeplan.simulator.scenario.ScenarioFile.InjectedFill;
import com.tradeplan.simulator.scenario.ScenarioFile.RejectNext;
import com.tradeplan.simulator.scenario.ScenarioFile.Release;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a scenario's {@code broker} list: what the simulated broker does differently at a tick.
 * Each entry names its kind by one key ({@code rejectNext}, {@code denyNext}, {@code hold}, {@code
 * release}, {@code fill}, {@code commission}) and may carry only that kind's fields.
 */
final class BrokerEventParser {
  private final ScenarioFields f;

  BrokerEventParser(ScenarioFields f) {
    this.f = f;
  }

  List<BrokerEvent> read(JsonNode b, int tickCount) {
    List<BrokerEvent> events = new ArrayList<>();
    if (b == null) {
      return events;
    }
    f.array(b, "broker");
    for (int i = 0; i < b.size(); i++) {
      String field = "broker[" + i + "]";
      JsonNode e = b.get(i);
      f.object(e, field);
      long at = f.at(e, field, tickCount);
      events.add(event(e, field, at));
    }
    return events;
  }

  private BrokerEvent event(JsonNode e, String field, long at) {
    if (e.has("rejectNext")) {
      return rejectNext(e, field, at);
    } else if (e.has("denyNext")) {
      return denyNext(e, field, at);
    } else if (e.has("hold")) {
      f.known(e, field + ".", Set.of("at", "hold", "plan"));
      return new Hold(at, f.requiredText(e, "plan", field), f.role(e.get("hold"), field + ".hold"));
    } else if (e.has("release")) {
      f.known(e, field + ".", Set.of("at", "release", "plan"));
      return new Release(
          at, f.requiredText(e, "plan", field), f.role(e.get("release"), field + ".release"));
    } else if (e.has("fill")) {
      return fill(e, field, at);
    } else if (e.has("commission")) {
      return commission(e, field, at);
    }
    throw f.fail(field, "must be one of rejectNext, denyNext, hold, release, fill, commission");
  }

  private RejectNext rejectNext(JsonNode e, String field, long at) {
    f.known(e, field + ".", Set.of("at", "rejectNext", "plan", "index", "reason"));
    JsonNode index = e.get("index");
    String reason = f.optionalText(e, "reason");
    return new RejectNext(
        at,
        f.requiredText(e, "plan", field),
        f.role(e.get("rejectNext"), field + ".rejectNext"),
        index == null ? null : (int) f.nonNegative(index, field + ".index"),
        reason == null ? "rejected by the scenario" : reason);
  }

  private DenyNext denyNext(JsonNode e, String field, long at) {
    f.known(e, field + ".", Set.of("at", "denyNext", "plan", "index", "reason"));
    JsonNode index = e.get("index");
    String reason = f.optionalText(e, "reason");
    return new DenyNext(
        at,
        f.requiredText(e, "plan", field),
        f.role(e.get("denyNext"), field + ".denyNext"),
        index == null ? null : (int) f.nonNegative(index, field + ".index"),
        reason == null ? "denied by the scenario" : reason);
  }

  private InjectedFill fill(JsonNode e, String field, long at) {
    f.known(e, field + ".", Set.of("at", "fill", "quantity", "price", "commission"));
    OrderRef ref = ref(e.get("fill"), field + ".fill", "p1:ENTRY:0:1");
    JsonNode q = e.get("quantity");
    if (q == null) {
      throw f.fail(field + ".quantity", "is missing");
    }
    JsonNode price = e.get("price");
    JsonNode commission = e.get("commission");
    return new InjectedFill(
        at,
        ref,
        f.positive(q, field + ".quantity"),
        price == null ? null : f.price(f.text(price, field + ".price"), field + ".price"),
        commission == null ? null : f.decimal(commission, field + ".commission"));
  }

  private InjectedCommission commission(JsonNode e, String field, long at) {
    f.known(e, field + ".", Set.of("at", "commission", "amount"));
    OrderRef ref = ref(e.get("commission"), field + ".commission", "p1:TARGET:0:1");
    JsonNode amount = e.get("amount");
    if (amount == null) {
      throw f.fail(field + ".amount", "is missing");
    }
    return new InjectedCommission(at, ref, f.decimal(amount, field + ".amount"));
  }

  /** An order ref, or an error showing {@code example} as the form expected. */
  private OrderRef ref(JsonNode n, String field, String example) {
    String refText = f.text(n, field);
    OrderRef ref = OrderRef.parse(refText);
    if (ref == null) {
      throw f.fail(field, "must be an order ref such as \"" + example + "\": " + refText);
    }
    return ref;
  }
}
