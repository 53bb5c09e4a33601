package com.tradeplan.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import com.tradeplan.formats.ResultJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One plan event written as a compact line, the form scenario files use and the diff prints:
 *
 * <pre>
 * 3 ORDER ENTRY BUY 100
 * 3 STATUS ENTRY_SUBMITTED PENDING
 * 4 FILL ENTRY BUY 100 @ 101.10
 * 9 ORDER TARGET 0 SELL 50          (targets carry their 0-based index after the role)
 * 7 CANCEL ENTRY BUY 40             (the unfilled quantity cancelled)
 * 6 REJECT STOP SELL 100 (no shares to short)   (the reason is compared only when written)
 * 6 DENY ENTRY BUY 100 (kill switch engaged)     (a local denial: the order never left)
 * 8 GIVE_UP TARGET 0 SELL 50 (given up ...)      (an exit's last permitted order was refused)
 * 2 ACTION trader: move stop 1 to 9.50          (a trader's change, stops named from 1: the rest of the line, whole)
 * </pre>
 *
 * An event may also be written as the RESULT.json object ({@code {"tick":3,"type":"ORDER",...}}):
 * both read to the same line. Prices compare as numbers printed with at least two decimals, so
 * {@code 101.1} and {@code 101.10} are the same price.
 */
record EventLine(String text, String reason) {
  private static final Set<String> OBJECT_FIELDS =
      Set.of(
          "tick",
          "type",
          "role",
          "index",
          "side",
          "quantity",
          "price",
          "orderStatus",
          "tradeStatus",
          "reason");

  /** The line of an actual event; {@code reason} is kept apart so an expectation may omit it. */
  static EventLine of(PlanEvent e) {
    StringBuilder s = new StringBuilder().append(e.tick()).append(' ').append(e.type());
    switch (e.type()) {
      case STATUS -> s.append(' ').append(e.orderStatus()).append(' ').append(e.tradeStatus());
      case ACTION -> {
        return new EventLine(s.append(' ').append(e.reason()).toString(), null);
      }
      default -> {
        s.append(' ').append(e.role());
        if (e.role() == OrderRole.TARGET) {
          s.append(' ').append(e.index());
        }
        s.append(' ').append(e.side()).append(' ').append(e.quantity());
        if (e.type() == PlanEvent.Type.FILL) {
          s.append(" @ ").append(price(e.price()));
        }
      }
    }
    return new EventLine(s.toString(), carriesReason(e.type().name()) ? e.reason() : null);
  }

  /** REJECT, DENY and GIVE_UP events carry their reason; no other. */
  private static boolean carriesReason(String type) {
    return type.equals("REJECT") || type.equals("DENY") || type.equals("GIVE_UP");
  }

  /** True when {@code actual} is this expected event (its reason only if this one names one). */
  boolean matches(EventLine actual) {
    return text.equals(actual.text) && (reason == null || reason.equals(actual.reason));
  }

  /** The line as printed, with the reason when there is one. */
  String display() {
    return reason == null ? text : text + " (" + reason + ")";
  }

  /** Reads an expected event: a compact line or a RESULT.json event object. */
  static EventLine parse(JsonNode node, String file, String field) {
    if (node.isTextual()) {
      return parseLine(node.asText(), file, field);
    }
    if (!node.isObject()) {
      throw new ScenarioException(
          file,
          field,
          "must be a line such as \"3 ORDER ENTRY BUY 100\"" + " or a RESULT.json event object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!OBJECT_FIELDS.contains(name)) {
        throw new ScenarioException(file, field + "." + name, "is not a field of an event");
      }
    }
    List<String> tokens = new ArrayList<>();
    tokens.add(text(node, "tick", file, field));
    String type = text(node, "type", file, field);
    tokens.add(type);
    if (type.equals("STATUS")) {
      tokens.add(text(node, "orderStatus", file, field));
      tokens.add(text(node, "tradeStatus", file, field));
    } else {
      String role = text(node, "role", file, field);
      tokens.add(role);
      if (role.equals("TARGET")) {
        tokens.add(text(node, "index", file, field));
      }
      tokens.add(text(node, "side", file, field));
      tokens.add(text(node, "quantity", file, field));
      if (type.equals("FILL")) {
        tokens.add("@");
        tokens.add(text(node, "price", file, field));
      }
    }
    JsonNode reason = node.get("reason");
    String line = String.join(" ", tokens);
    return parseLine(reason == null ? line : line + " (" + reason.asText() + ")", file, field);
  }

  private static String text(JsonNode node, String name, String file, String field) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull() || v.isContainerNode()) {
      throw new ScenarioException(file, field + "." + name, "is missing");
    }
    return v.asText();
  }

  /**
   * Parses and normalizes a compact line (checks every word, so a typo is an error, not a FAIL).
   */
  static EventLine parseLine(String raw, String file, String field) {
    String line = raw.strip();
    String[] action = line.split("\\s+", 3);
    if (action.length == 3 && action[1].equals("ACTION")) {
      // A trader's action: the rest of the line is its text, compared whole (it may hold a
      // trader's reason in parentheses).
      new Reader(action, raw, file, field).integer("tick");
      return new EventLine(Long.parseLong(action[0]) + " ACTION " + action[2], null);
    }
    String reason = null;
    int paren = line.indexOf('(');
    if (paren >= 0) {
      if (!line.endsWith(")")) {
        throw new ScenarioException(file, field, "a reason is written in parentheses at the end");
      }
      reason = line.substring(paren + 1, line.length() - 1).strip();
      line = line.substring(0, paren).strip();
    }
    String[] w = line.split("\\s+");
    Reader r = new Reader(w, raw, file, field);
    StringBuilder s = new StringBuilder();
    s.append(r.integer("tick")).append(' ');
    String type = r.word("type", "ORDER", "FILL", "CANCEL", "STATUS", "REJECT", "DENY", "GIVE_UP");
    s.append(type);
    if (type.equals("STATUS")) {
      PlanStatus status = PlanStatus.valueOf(r.word("orderStatus", names(PlanStatus.values())));
      TradeStatus trade = TradeStatus.valueOf(r.word("tradeStatus", names(TradeStatus.values())));
      s.append(' ').append(status).append(' ').append(trade);
    } else {
      String role = r.word("role", names(OrderRole.values()));
      s.append(' ').append(role);
      if (role.equals("TARGET")) {
        s.append(' ').append(r.integer("target index"));
      }
      s.append(' ').append(r.word("side", names(OrderAction.values())));
      s.append(' ').append(r.integer("quantity"));
      if (type.equals("FILL")) {
        r.word("'@' before the price", "@");
        s.append(" @ ").append(r.price());
      }
    }
    r.end();
    if (reason != null && !carriesReason(type)) {
      throw new ScenarioException(
          file, field, "only a REJECT, a DENY or a GIVE_UP event carries a reason: " + raw);
    }
    return new EventLine(s.toString(), reason);
  }

  /** A price as the diff prints it: at least two decimals, no trailing zeros beyond them. */
  static String price(BigDecimal p) {
    BigDecimal v = p.stripTrailingZeros();
    return ResultJson.formatPrice(v.scale() < 2 ? v.setScale(2) : v);
  }

  private static String[] names(Enum<?>[] values) {
    String[] n = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      n[i] = values[i].name();
    }
    return n;
  }

  private static final class Reader {
    final String[] words;
    final String raw;
    final String file;
    final String field;
    int next;

    Reader(String[] words, String raw, String file, String field) {
      this.words = words;
      this.raw = raw;
      this.file = file;
      this.field = field;
    }

    String take(String what) {
      if (next >= words.length || words[next].isEmpty()) {
        throw fail("the " + what + " is missing");
      }
      return words[next++];
    }

    String word(String what, String... allowed) {
      String w = take(what).toUpperCase(Locale.ROOT);
      for (String a : allowed) {
        if (a.equals(w)) {
          return a;
        }
      }
      throw fail(
          "expected the "
              + what
              + " (one of "
              + String.join(", ", allowed)
              + ")"
              + ", found '"
              + words[next - 1]
              + "'");
    }

    long integer(String what) {
      String w = take(what);
      if (!w.matches("[0-9]{1,18}")) {
        throw fail("the " + what + " must be a whole number, found '" + w + "'");
      }
      return Long.parseLong(w);
    }

    String price() {
      String w = take("price");
      try {
        BigDecimal p = Decimals.parse(w);
        return EventLine.price(p);
      } catch (RuntimeException e) {
        throw fail("the price must be a plain decimal, found '" + w + "'");
      }
    }

    void end() {
      if (next < words.length) {
        throw fail("unexpected '" + words[next] + "'");
      }
    }

    ScenarioException fail(String why) {
      return new ScenarioException(file, field, why + " in \"" + raw + "\"");
    }
  }
}
