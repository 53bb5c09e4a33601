package com.tradeplan.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.model.Sorts;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;

/**
 * The order of a page of a trader's plans (docs/api.md, "Sorting the plans"): one key of the trade
 * document and a direction, with the plan id as the tie-breaker in the same direction, so that the
 * order is total and stable. Pages are cut by keyset: a page's cursor holds the key and the id of
 * its last plan, and the next page holds the plans strictly after that pair. A plan whose key does
 * not change (its end time, its creation time, its symbol, its id) therefore appears at most once
 * across the pages, and one that joins while the trader pages (a plan that ends, newest first)
 * lands before the cursor, on a page already read: it is never shown twice, and no plan that was
 * there before is skipped.
 *
 * <p>Why keyset and not an offset: a plan ending while a trader reads page 2 of "newest ended
 * first" would shift every later plan one place, and an offset would show the last plan of page 2
 * again on page 3.
 *
 * @param key the document field the plans are ordered by
 * @param descending largest first (newest first for times)
 */
public record PlanOrder(Key key, boolean descending) {
  /** The keys a page can be ordered by, with the names the API uses. */
  public enum Key {
    /** The plan id: the order of pages before sorting existed; its cursor is the bare id. */
    ID("id", "_id"),
    /** When the plan ended (its first write in an ended status); only ended plans have it. */
    ENDED_AT("endedAt", "endedAt"),
    /** When the plan was stored (created as a DRAFT). */
    CREATED_AT("createdAt", "createdAt"),
    SYMBOL("symbol", "symbol"),
    /** Realized P&L after commissions (a late commission report of an ended plan moves it). */
    REALIZED_PNL("realizedPnl", "realizedPnl");

    private final String apiName;
    private final String field;

    Key(String apiName, String field) {
      this.apiName = apiName;
      this.field = field;
    }

    public String apiName() {
      return apiName;
    }

    String field() {
      return field;
    }
  }

  /** By plan id, ascending: what the list answered before sorting existed. */
  public static final PlanOrder BY_ID = new PlanOrder(Key.ID, false);

  public PlanOrder {
    java.util.Objects.requireNonNull(key, "key");
  }

  /**
   * The order an API {@code sort} value names: a key's API name, {@code -} before it for descending
   * ({@code -endedAt}); empty when it names none.
   */
  public static Optional<PlanOrder> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    boolean desc = text.startsWith("-");
    String name = desc ? text.substring(1) : text;
    for (Key k : Key.values()) {
      if (k.apiName.equals(name)) {
        return Optional.of(new PlanOrder(k, desc));
      }
    }
    return Optional.empty();
  }

  /** The API's text of this order ({@code -endedAt}). */
  public String text() {
    return (descending ? "-" : "") + key.apiName;
  }

  /** The names the API takes, for error messages. */
  public static String names() {
    StringBuilder b = new StringBuilder();
    for (Key k : Key.values()) {
      b.append(b.isEmpty() ? "" : ", ").append(k.apiName).append(" or -").append(k.apiName);
    }
    return b.toString();
  }

  Bson sort() {
    return descending ? Sorts.descending(key.field, "_id") : Sorts.ascending(key.field, "_id");
  }

  /** The filter of the plans strictly after {@code cursor} in this order. */
  Bson after(Cursor cursor) {
    if (key == Key.ID) {
      return descending ? lt("_id", cursor.planId()) : gt("_id", cursor.planId());
    }
    Object v = cursor.value();
    Bson beyond = descending ? lt(key.field, v) : gt(key.field, v);
    Bson tie = descending ? lt("_id", cursor.planId()) : gt("_id", cursor.planId());
    return or(beyond, and(eq(key.field, v), tie));
  }

  /** The cursor of a document: its key and its id. Throws when the document lacks the key. */
  Cursor cursorOf(Document d) {
    String id = String.valueOf(d.get("_id"));
    if (key == Key.ID) {
      return new Cursor(null, id);
    }
    Object v = d.get(key.field);
    if (v == null) {
      throw new BadDocumentException("plan " + id + " has no " + key.field + " to order by");
    }
    return new Cursor(v, id);
  }

  /**
   * The place a page ends: the key's value ({@link Date}, {@link String} or {@link Decimal128};
   * null for {@link Key#ID}) and the plan id. Its text is opaque to clients: the bare id for {@link
   * Key#ID} (what {@code after} always was), else base64url of the value and the id.
   */
  public record Cursor(Object value, String planId) {
    String text(Key key) {
      if (key == Key.ID) {
        return planId;
      }
      String v;
      if (value instanceof Date d) {
        v = Long.toString(d.getTime());
      } else if (value instanceof Decimal128 x) {
        v = x.bigDecimalValue().toPlainString();
      } else {
        v = value.toString();
      }
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((v + "\n" + planId).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The cursor a client sent back, or empty when it is not one of this order's cursors. */
  public Optional<Cursor> cursor(String text) {
    if (text == null || text.isEmpty() || text.length() > 400) {
      return Optional.empty();
    }
    if (key == Key.ID) {
      return Optional.of(new Cursor(null, text));
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int nl = s.indexOf('\n');
      if (nl < 0 || nl == s.length() - 1) {
        return Optional.empty();
      }
      String v = s.substring(0, nl);
      String id = s.substring(nl + 1);
      Object value =
          switch (key) {
            case ENDED_AT, CREATED_AT -> new Date(Long.parseLong(v));
            case REALIZED_PNL -> new Decimal128(new BigDecimal(v));
            case SYMBOL -> v;
            case ID -> throw new IllegalStateException("handled above");
          };
      return Optional.of(new Cursor(value, id));
    } catch (IllegalArgumentException | ArithmeticException e) {
      // not base64, not a number, a decimal Decimal128 cannot hold: not a cursor of this order
      return Optional.empty();
    }
  }

  /** The cursor's text for a client (see {@link Cursor}). */
  String text(Cursor c) {
    return c.text(key);
  }
}
