package com.tradeplan.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.order.OrderRole;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The small readers of a scenario file's values, each naming the field at fault in the {@link
 * ScenarioException} it throws (with the file), so that every part of the parser reports a bad
 * value the same way.
 */
final class ScenarioFields {
  private final String file;

  ScenarioFields(String file) {
    this.file = file;
  }

  ScenarioException fail(String field, String why) {
    return new ScenarioException(file, field, why);
  }

  /** The 0-based tick index an event of {@code field} happens at; it must be a tick of the file. */
  long at(JsonNode e, String field, int tickCount) {
    JsonNode at = e.get("at");
    if (at == null) {
      throw fail(field + ".at", "is missing: the 0-based tick index this happens at");
    }
    long v = nonNegative(at, field + ".at");
    if (v >= tickCount) {
      throw fail(field + ".at", "tick " + v + " is past the last tick " + (tickCount - 1));
    }
    return v;
  }

  OrderRole role(JsonNode n, String field) {
    return enumValue(OrderRole.class, text(n, field), field);
  }

  <E extends Enum<E>> E enumValue(Class<E> type, String v, String field) {
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name());
      }
      throw fail(field, "'" + v + "' is not one of " + String.join(", ", names));
    }
  }

  long positive(JsonNode n, String field) {
    long v = nonNegative(n, field);
    if (v == 0) {
      throw fail(field, "must be > 0");
    }
    return v;
  }

  long nonNegative(JsonNode n, String field) {
    if (!n.isIntegralNumber() || n.asLong() < 0 || !n.canConvertToLong()) {
      throw fail(field, "must be a whole number >= 0, found " + n);
    }
    return n.asLong();
  }

  BigDecimal decimal(JsonNode n, String field) {
    if (!n.isTextual()) {
      throw fail(field, "must be a decimal string such as \"12.50\", found " + n);
    }
    try {
      return Decimals.parse(n.asText());
    } catch (NumberFormatException e) {
      throw fail(field, "must be a plain decimal such as \"12.50\", found " + n);
    }
  }

  BigDecimal price(String v, String field) {
    try {
      BigDecimal p = Decimals.parse(v);
      if (p.signum() <= 0) {
        throw fail(field, "must be > 0: " + v);
      }
      return p;
    } catch (NumberFormatException e) {
      throw fail(field, "must be a plain decimal price: " + v);
    }
  }

  Instant instant(String v, String field) {
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw fail(field, "must be an ISO-8601 instant such as 2026-03-02T14:30:00Z: " + v);
    }
  }

  String text(JsonNode n, String field) {
    if (n == null || !n.isTextual()) {
      throw fail(field, "must be a string");
    }
    return n.asText();
  }

  String requiredText(JsonNode o, String name) {
    return requiredText(o, name, null);
  }

  String requiredText(JsonNode o, String name, String parent) {
    String field = parent == null ? name : parent + "." + name;
    JsonNode n = o.get(name);
    if (n == null || n.isNull()) {
      throw fail(field, "is missing");
    }
    String v = text(n, field);
    if (v.isBlank()) {
      throw fail(field, "is empty");
    }
    return v;
  }

  String optionalText(JsonNode o, String name) {
    JsonNode n = o.get(name);
    return n == null || n.isNull() ? null : text(n, name);
  }

  void object(JsonNode n, String field) {
    if (n == null || !n.isObject()) {
      throw fail(field, "must be an object");
    }
  }

  void array(JsonNode n, String field) {
    if (!n.isArray()) {
      throw fail(field, "must be an array");
    }
  }

  /**
   * Refuses a field of {@code o} that is not in {@code fields}: a typo is an error, not ignored.
   */
  void known(JsonNode o, String prefix, Set<String> fields) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!fields.contains(name)) {
        throw fail(
            prefix + name,
            "is not a field here (known: "
                + String.join(", ", fields.stream().sorted().toList())
                + ")");
      }
    }
  }
}
