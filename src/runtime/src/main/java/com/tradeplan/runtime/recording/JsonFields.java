package com.tradeplan.runtime.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reading and writing the typed fields of a recording line: decimals as strings (kept exactly as
 * they were, scale included: {@code 1E+3} stays scale -3), instants as ISO-8601 text, absent values
 * as absent keys, lists as arrays (an absent one read as empty). A missing required field is an
 * {@link IllegalArgumentException} naming it; the reader turns it into a {@link
 * RecordingFormatException} naming the file and the offset.
 */
final class JsonFields {
  private JsonFields() {}

  /** As {@link BigDecimal#toString}: exponent form where needed, so that scale survives. */
  static void put(ObjectNode o, String key, BigDecimal v) {
    if (v != null) {
      o.put(key, v.toString());
    }
  }

  static void put(ObjectNode o, String key, Instant v) {
    if (v != null) {
      o.put(key, v.toString());
    }
  }

  static void put(ObjectNode o, String key, String v) {
    if (v != null) {
      o.put(key, v);
    }
  }

  static void put(ObjectNode o, String key, Enum<?> v) {
    if (v != null) {
      o.put(key, v.name());
    }
  }

  static void put(ObjectNode o, String key, Long v) {
    if (v != null) {
      o.put(key, v);
    }
  }

  static void put(ObjectNode o, String key, Integer v) {
    if (v != null) {
      o.put(key, v);
    }
  }

  static String text(JsonNode o, String key) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing field " + key);
    }
    return v.asText();
  }

  static String optText(JsonNode o, String key) {
    JsonNode v = o.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  static BigDecimal decimal(JsonNode o, String key) {
    return new BigDecimal(text(o, key));
  }

  static BigDecimal optDecimal(JsonNode o, String key) {
    String t = optText(o, key);
    return t == null ? null : new BigDecimal(t);
  }

  static Instant instant(JsonNode o, String key) {
    return Instant.parse(text(o, key));
  }

  static Instant optInstant(JsonNode o, String key) {
    String t = optText(o, key);
    return t == null ? null : Instant.parse(t);
  }

  static long number(JsonNode o, String key) {
    JsonNode v = o.get(key);
    if (v == null || !v.canConvertToLong()) {
      throw new IllegalArgumentException("missing or not an integer: " + key);
    }
    return v.asLong();
  }

  static Long optNumber(JsonNode o, String key) {
    JsonNode v = o.get(key);
    return v == null || v.isNull() ? null : number(o, key);
  }

  static Integer optInt(JsonNode o, String key) {
    Long v = optNumber(o, key);
    return v == null ? null : Math.toIntExact(v);
  }

  static <E extends Enum<E>> E enumOf(Class<E> type, JsonNode o, String key) {
    return Enum.valueOf(type, text(o, key));
  }

  static <E extends Enum<E>> E optEnum(Class<E> type, JsonNode o, String key) {
    String t = optText(o, key);
    return t == null ? null : Enum.valueOf(type, t);
  }

  /** {@code values} as an array under {@code key}, each written by {@code each}. */
  static <V> void putList(
      ObjectNode o, String key, List<V> values, Function<V, ? extends JsonNode> each) {
    ArrayNode a = o.putArray(key);
    values.forEach(v -> a.add(each.apply(v)));
  }

  /** The array under {@code key}, each element read by {@code each}; empty when absent. */
  static <V> List<V> list(JsonNode o, String key, Function<JsonNode, V> each) {
    List<V> out = new ArrayList<>();
    o.path(key).forEach(e -> out.add(each.apply(e)));
    return out;
  }
}
