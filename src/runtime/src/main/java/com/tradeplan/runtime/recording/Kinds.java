package com.tradeplan.runtime.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one shape of every family a recording line holds (its entries, the broker reports, the
 * changes of exits): a JSON object whose tag key names the kind of value, then the kind's fields.
 * Each kind is declared once, with its name, its class, how its fields are written and how the
 * value is read back, so that writing and reading a kind cannot name it differently.
 *
 * <p>Writing a value of a class not declared is a broken invariant ({@link
 * IllegalArgumentException}: the families are sealed or closed, and every member is declared);
 * reading an unknown name is a bad line ({@link IllegalArgumentException} naming it, which the
 * reader reports with the file and the offset). Immutable once built; thread-safe.
 *
 * @param <T> the family
 */
final class Kinds<T> {
  private record Kind<V>(
      String name, Class<V> type, BiConsumer<ObjectNode, V> fields, Function<JsonNode, V> read) {}

  private final String tagKey;
  private final String family;
  private final Map<Class<?>, Kind<?>> byType;
  private final Map<String, Kind<?>> byName;

  private Kinds(String tagKey, String family, Map<String, Kind<?>> byName) {
    this.tagKey = tagKey;
    this.family = family;
    this.byName = Map.copyOf(byName);
    Map<Class<?>, Kind<?>> types = new LinkedHashMap<>();
    byName.values().forEach(k -> types.put(k.type(), k));
    this.byType = Map.copyOf(types);
  }

  /**
   * A family written with its kind's name under {@code tagKey}; {@code family} names it in errors
   * ("unknown kind of entry started2").
   */
  static <T> Builder<T> tagged(String tagKey, String family) {
    return new Builder<>(tagKey, family);
  }

  /** Puts the kind's name under the tag key, then its fields, into {@code o}. */
  void write(ObjectNode o, T value) {
    Kind<?> kind = byType.get(value.getClass());
    if (kind == null) {
      throw new IllegalArgumentException(
          value.getClass().getSimpleName() + " is not declared as a " + family + ": " + value);
    }
    o.put(tagKey, kind.name());
    writeFields(kind, o, value);
  }

  /** The value {@code o} holds, of the kind its tag key names. */
  T read(JsonNode o) {
    String name = JsonFields.text(o, tagKey);
    Kind<?> kind = byName.get(name);
    if (kind == null) {
      throw new IllegalArgumentException("unknown " + family + " " + name);
    }
    @SuppressWarnings("unchecked") // declared through the builder, whose V extends T
    T value = (T) kind.read().apply(o);
    return value;
  }

  private static <V> void writeFields(Kind<V> kind, ObjectNode o, Object value) {
    kind.fields().accept(o, kind.type().cast(value));
  }

  /** Declares the kinds of a family, each once. */
  static final class Builder<T> {
    private final String tagKey;
    private final String family;
    private final Map<String, Kind<?>> byName = new LinkedHashMap<>();

    private Builder(String tagKey, String family) {
      this.tagKey = tagKey;
      this.family = family;
    }

    /**
     * The kind {@code name} of class {@code type} (a record: the class is looked up exactly):
     * {@code fields} writes its fields after the tag, {@code read} makes it from the line's object.
     */
    <V extends T> Builder<T> kind(
        String name, Class<V> type, BiConsumer<ObjectNode, V> fields, Function<JsonNode, V> read) {
      if (byName.putIfAbsent(name, new Kind<>(name, type, fields, read)) != null) {
        throw new IllegalArgumentException("kind " + name + " declared twice");
      }
      return this;
    }

    Kinds<T> build() {
      return new Kinds<>(tagKey, family, byName);
    }
  }
}
