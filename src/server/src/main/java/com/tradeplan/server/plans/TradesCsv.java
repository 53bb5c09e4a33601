package com.tradeplan.server.plans;

import com.tradeplan.runtime.PlanView;
import java.util.List;

/**
 * The trades export's text (RFC 4180): a header line, then one line per trade (a plan whose entry
 * filled), lines ending CRLF, a field quoted when it holds a comma, a double quote, CR or LF (a
 * quote inside doubled). Decimals are written plain ({@code 101.25}, {@code -3.50}), never with an
 * exponent or grouping, so a spreadsheet or a script reads them exactly; free text that a
 * spreadsheet would take for a formula is defused ({@link #text}). Pure, for the tests.
 */
final class TradesCsv {
  private TradesCsv() {}

  /** The columns, in order. */
  static final List<String> HEADER =
      List.of(
          "plan_id",
          "symbol",
          "side",
          "status",
          "trade_status",
          "planned_quantity",
          "filled_entry_quantity",
          "avg_entry_price",
          "position",
          "realized_pnl",
          "unrealized_pnl",
          "commission",
          "end_reason");

  static String header() {
    return line(HEADER);
  }

  /** The line of one trade. */
  static String row(PlanView v) {
    var s = v.snapshot();
    return line(
        java.util.Arrays.asList(
            s.planId(),
            s.plan().symbol(),
            s.plan().side().name(),
            s.status().name(),
            s.status().tradeStatus().name(),
            Long.toString(s.plan().quantity()),
            Long.toString(s.filledEntryQuantity()),
            PlanJson.money4(s.avgEntryPrice()),
            Long.toString(s.position()),
            PlanJson.money2(s.realizedPnl()),
            PlanJson.money2(v.unrealizedPnl()),
            PlanJson.money2(s.commission()),
            text(s.endReason())));
  }

  /**
   * A free-text cell (the end reason, which can carry a broker's message): one that a spreadsheet
   * would run as a formula (starting with {@code = + - @}, a tab or a CR) is written with a leading
   * {@code '} so that it opens as text (OWASP's advice for CSV injection). Numbers never pass here.
   */
  static String text(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
  }

  /** One CRLF-terminated line of fields (null: empty). */
  static String line(List<String> fields) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(field(fields.get(i)));
    }
    return b.append("\r\n").toString();
  }

  /** A field, quoted only when it must be. */
  static String field(String value) {
    if (value == null) {
      return "";
    }
    boolean quote =
        value.indexOf(',') >= 0
            || value.indexOf('"') >= 0
            || value.indexOf('\r') >= 0
            || value.indexOf('\n') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
