package com.tradeplan.store;

import com.tradeplan.domain.Decimals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * Typed reading and writing of single BSON fields with the exactness rules of the store: every
 * BigDecimal as Decimal128 (refused, never rounded, when it does not fit 34 digits), every Instant
 * as an ISO-8601 string (nanoseconds survive; BSON dates keep milliseconds only). Reads name the
 * field that is missing or of the wrong type.
 */
final class Fields {
  private Fields() {}

  static Decimal128 decimal(BigDecimal value) {
    if (value == null) {
      return null;
    }
    try {
      return new Decimal128(value);
    } catch (NumberFormatException e) {
      // More than 34 significant digits or an exponent out of range: rounding would change money.
      throw new IllegalArgumentException("not representable as Decimal128 exactly: " + value, e);
    }
  }

  /**
   * A value computed from exact ones (an average, a difference) and stored for display and queries
   * only: rounded half-even to 34 digits when it has more, never read back as state.
   */
  static Decimal128 derivedDecimal(BigDecimal value) {
    return value == null ? null : new Decimal128(value.round(Decimals.MATH));
  }

  static String instant(Instant value) {
    return value == null ? null : value.toString();
  }

  static Object required(Document d, String field) {
    Object v = d.get(field);
    if (v == null) {
      throw new BadDocumentException("missing field '" + field + "'");
    }
    return v;
  }

  static String string(Document d, String field) {
    return cast(d, field, required(d, field), String.class);
  }

  static String optString(Document d, String field) {
    Object v = d.get(field);
    return v == null ? null : cast(d, field, v, String.class);
  }

  static long int64(Document d, String field) {
    Object v = required(d, field);
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Integer i) {
      return i;
    }
    throw wrongType(field, "a 64-bit integer", v);
  }

  static Long optInt64(Document d, String field) {
    return d.get(field) == null ? null : int64(d, field);
  }

  static int int32(Document d, String field) {
    long v = int64(d, field);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new BadDocumentException("field '" + field + "' out of int range: " + v);
    }
    return (int) v;
  }

  static Integer optInt32(Document d, String field) {
    return d.get(field) == null ? null : int32(d, field);
  }

  static boolean bool(Document d, String field) {
    return cast(d, field, required(d, field), Boolean.class);
  }

  static BigDecimal decimal(Document d, String field) {
    Object v = required(d, field);
    if (!(v instanceof Decimal128 dec)) {
      throw wrongType(field, "a Decimal128", v);
    }
    if (dec.isNaN() || dec.isInfinite()) {
      throw new BadDocumentException("field '" + field + "' is " + dec);
    }
    try {
      return dec.bigDecimalValue();
    } catch (ArithmeticException e) {
      throw new BadDocumentException("field '" + field + "' is negative zero", e);
    }
  }

  static BigDecimal optDecimal(Document d, String field) {
    return d.get(field) == null ? null : decimal(d, field);
  }

  static Instant optInstant(Document d, String field) {
    String text = optString(d, field);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadDocumentException("field '" + field + "' is not an ISO instant: " + text, e);
    }
  }

  static <E extends Enum<E>> E enumValue(Document d, String field, Class<E> type) {
    return enumOf(field, string(d, field), type);
  }

  static <E extends Enum<E>> E optEnum(Document d, String field, Class<E> type) {
    String text = optString(d, field);
    return text == null ? null : enumOf(field, text, type);
  }

  private static <E extends Enum<E>> E enumOf(String field, String text, Class<E> type) {
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      throw new BadDocumentException(
          "field '" + field + "' is not a " + type.getSimpleName() + ": " + text, e);
    }
  }

  static Document document(Document d, String field) {
    return cast(d, field, required(d, field), Document.class);
  }

  static Document optDocument(Document d, String field) {
    Object v = d.get(field);
    return v == null ? null : cast(d, field, v, Document.class);
  }

  static <T> List<T> list(Document d, String field, Class<T> elementType) {
    Object v = required(d, field);
    if (!(v instanceof List<?> raw)) {
      throw wrongType(field, "an array", v);
    }
    List<T> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      Object e = raw.get(i);
      if (!elementType.isInstance(e)) {
        throw wrongType(field + "[" + i + "]", elementType.getSimpleName(), e);
      }
      out.add(elementType.cast(e));
    }
    return out;
  }

  private static <T> T cast(Document d, String field, Object v, Class<T> type) {
    if (!type.isInstance(v)) {
      throw wrongType(field, type.getSimpleName(), v);
    }
    return type.cast(v);
  }

  private static BadDocumentException wrongType(String field, String expected, Object actual) {
    return new BadDocumentException(
        "field '"
            + field
            + "' should be "
            + expected
            + " but is "
            + (actual == null ? "null" : actual.getClass().getSimpleName() + " " + actual));
  }
}
