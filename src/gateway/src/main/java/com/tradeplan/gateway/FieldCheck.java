package com.tradeplan.gateway;

import com.tradeplan.domain.Decimals;
import java.math.BigDecimal;

/**
 * Strict reading of the values of one request that the gateway keeps or computes with: quantities
 * and prices are plain decimals (digits and an optional point, as {@link Decimals#parse} reads
 * them: no exponent, sign, separator or blank) within bounds, and kept texts have a length limit.
 * An exponent such as {@code 1E-999999999} is refused because {@code BigDecimal} takes it, and
 * printing or scaling it afterwards needs a billion digits.
 *
 * <p>The first field that fails is remembered with its name and the reason, so that a request is
 * read to its end and then refused once, naming the field (IB's 201 for an order). The value is
 * echoed shortened: a reason is never longer than about a hundred characters.
 */
final class FieldCheck {
  /** Longest symbol kept (IB's stock symbols have at most a dozen characters). */
  static final int SYMBOL_CHARS_MAX = 32;

  /** Longest other text kept: account, orderRef, ocaGroup, order type, GTD, ... */
  static final int TEXT_CHARS_MAX = 128;

  static final int QUANTITY_DECIMALS_MAX = 4;
  static final int PRICE_DECIMALS_MAX = 8;

  /** Every price is below this (no listed share costs a billion dollars). */
  static final BigDecimal PRICE_LIMIT = new BigDecimal("1000000000");

  private static final int ECHO_CHARS_MAX = 24;

  /** Longest text of an error answer or a log line that repeats what a client sent. */
  private static final int REPEAT_CHARS_MAX = 200;

  private final BigDecimal quantityMax;
  private String problem;

  FieldCheck(BigDecimal quantityMax) {
    this.quantityMax = quantityMax;
  }

  /** Why the request cannot be served, naming the first field that failed; null when none did. */
  String problem() {
    return problem;
  }

  /** A required quantity: a plain decimal, more than 0, at most the limit, 4 decimals at most. */
  BigDecimal quantity(String field, String text) {
    BigDecimal q = plainDecimal(field, text, true);
    if (q == null) {
      return null;
    }
    if (q.compareTo(quantityMax) > 0) {
      return fail(
          field + " " + echo(text) + " is over the limit of " + quantityMax.toPlainString());
    }
    return withinScale(field, text, q, QUANTITY_DECIMALS_MAX);
  }

  /** An optional price (empty: unset, null): a plain decimal, more than 0, below the limit. */
  BigDecimal price(String field, String text) {
    if (text.isEmpty()) {
      return null;
    }
    BigDecimal p = plainDecimal(field, text, false);
    if (p == null) {
      return null;
    }
    if (p.compareTo(PRICE_LIMIT) >= 0) {
      return fail(field + " " + echo(text) + " must be below " + PRICE_LIMIT.toPlainString());
    }
    return withinScale(field, text, p, PRICE_DECIMALS_MAX);
  }

  /** A kept text of at most {@code maxChars} characters; returned as is. */
  String text(String field, String value, int maxChars) {
    String reason = tooLong(field, value, maxChars);
    if (reason != null) {
      fail(reason);
    }
    return value;
  }

  /** A kept text that must be given, of at most {@code maxChars} characters. */
  String requiredText(String field, String value, int maxChars) {
    if (value.isEmpty()) {
      fail(field + " is missing");
    }
    return text(field, value, maxChars);
  }

  /** A kept text of at most {@link #TEXT_CHARS_MAX} characters. */
  String text(String field, String value) {
    return text(field, value, TEXT_CHARS_MAX);
  }

  /** The reason when a text is over its limit (for requests other than orders), else null. */
  static String tooLong(String field, String value, int maxChars) {
    if (value.length() <= maxChars) {
      return null;
    }
    return field
        + " is "
        + value.length()
        + " characters long, over the limit of "
        + maxChars
        + " characters";
  }

  private BigDecimal plainDecimal(String field, String text, boolean required) {
    if (text.isEmpty()) {
      return required ? fail(field + " is missing") : null;
    }
    BigDecimal v;
    try {
      v = Decimals.parse(text);
    } catch (NumberFormatException e) {
      return fail(
          field
              + " "
              + echo(text)
              + " is not a plain decimal number (digits and an optional point; no sign,"
              + " exponent or separator)");
    }
    if (v.signum() <= 0) {
      return fail(field + " " + echo(text) + " must be more than 0");
    }
    return v;
  }

  private BigDecimal withinScale(String field, String text, BigDecimal v, int decimalsMax) {
    if (v.stripTrailingZeros().scale() > decimalsMax) {
      return fail(field + " " + echo(text) + " has more than " + decimalsMax + " decimals");
    }
    return v;
  }

  private BigDecimal fail(String reason) {
    if (problem == null) {
      problem = reason;
    }
    return null;
  }

  /** A message that may repeat a client's text (a parse error), cut to 200 characters. */
  static String shortened(String text) {
    return text == null || text.length() <= REPEAT_CHARS_MAX
        ? text
        : text.substring(0, REPEAT_CHARS_MAX) + "...";
  }

  /** The value as the client sent it, quoted and cut to a few characters. */
  static String echo(String text) {
    String shown =
        text.length() <= ECHO_CHARS_MAX ? text : text.substring(0, ECHO_CHARS_MAX) + "...";
    return "\"" + shown + "\"";
  }
}
