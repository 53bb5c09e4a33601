package com.tradeplan.formats.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which column of a foreign file holds each field of a tick or bar: given explicitly ({@code
 * --columns time=Timestamp,last=Price}) or found by the usual names of vendors' exports (case does
 * not matter). An explicit name must be in the header exactly; a field without one takes the first
 * header column among its aliases.
 */
public final class ColumnMap {
  /** The names looked for when a field is not mapped explicitly, in order. */
  static final Map<String, List<String>> ALIASES =
      Map.ofEntries(
          Map.entry("time", List.of("time", "timestamp", "datetime", "date_time", "ts", "date")),
          Map.entry("symbol", List.of("symbol", "ticker", "sym", "instrument")),
          Map.entry("last", List.of("last", "price", "trade_price", "px")),
          Map.entry("bid", List.of("bid", "bid_price")),
          Map.entry("ask", List.of("ask", "ask_price", "offer")),
          Map.entry("volume", List.of("volume", "size", "qty", "quantity", "vol")),
          Map.entry("open", List.of("open", "o")),
          Map.entry("high", List.of("high", "h")),
          Map.entry("low", List.of("low", "l")),
          Map.entry("close", List.of("close", "c")));

  private static final ColumnMap NONE = new ColumnMap(Map.of());

  private final Map<String, String> explicit;

  private ColumnMap(Map<String, String> explicit) {
    this.explicit = explicit;
  }

  /** No explicit mapping: every field by its aliases. */
  public static ColumnMap byAliases() {
    return NONE;
  }

  /**
   * Parses {@code field=Column,...}.
   *
   * @throws IllegalArgumentException naming the part that is wrong
   */
  public static ColumnMap parse(String spec) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String part : spec.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new IllegalArgumentException(
            "--columns: \"" + part + "\" is not field=Column (e.g. last=Price)");
      }
      String field = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      if (!ALIASES.containsKey(field)) {
        throw new IllegalArgumentException(
            "--columns: unknown field \""
                + field
                + "\" (fields: "
                + String.join(", ", fields())
                + ")");
      }
      if (m.put(field, part.substring(eq + 1).strip()) != null) {
        throw new IllegalArgumentException("--columns: " + field + " is mapped twice");
      }
    }
    return new ColumnMap(Map.copyOf(m));
  }

  /**
   * The header index of each field that has a column; {@code required} fields must have one.
   *
   * @throws IllegalArgumentException naming the field and what was looked for
   */
  Map<String, Integer> resolve(List<String> header, List<String> required, List<String> optional) {
    for (String field : explicit.keySet()) {
      if (!required.contains(field) && !optional.contains(field)) {
        throw new IllegalArgumentException(
            "--columns: "
                + field
                + " is not a field of this layout ("
                + layout(required, optional)
                + ")");
      }
    }
    Map<String, Integer> found = new LinkedHashMap<>();
    List<String> fields = new ArrayList<>(required);
    fields.addAll(optional);
    for (String field : fields) {
      int index = indexOf(field, header);
      if (index >= 0) {
        found.put(field, index);
      } else if (required.contains(field)) {
        throw new IllegalArgumentException(
            explicit.containsKey(field)
                ? "no column \""
                    + explicit.get(field)
                    + "\" (mapped to "
                    + field
                    + ") in the header "
                    + header
                : "no column for "
                    + field
                    + " in the header "
                    + header
                    + ": name one with --columns "
                    + field
                    + "=Column (looked for "
                    + String.join(", ", ALIASES.get(field))
                    + ")");
      } else if (explicit.containsKey(field)) {
        throw new IllegalArgumentException(
            "no column \""
                + explicit.get(field)
                + "\" (mapped to "
                + field
                + ") in the header "
                + header);
      }
    }
    return found;
  }

  private int indexOf(String field, List<String> header) {
    String name = explicit.get(field);
    if (name != null) {
      return header.indexOf(name);
    }
    for (String alias : ALIASES.get(field)) {
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).strip().equalsIgnoreCase(alias)) {
          return i;
        }
      }
    }
    return -1;
  }

  private static List<String> fields() {
    return ALIASES.keySet().stream().sorted().toList();
  }

  private static String layout(List<String> required, List<String> optional) {
    return String.join(", ", required)
        + (optional.isEmpty() ? "" : "; optional " + String.join(", ", optional));
  }
}
