package com.tradeplan.simulator.report;

/** Escaping for text and attribute values in the report's HTML and SVG. */
final class HtmlText {
  private HtmlText() {}

  static String text(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String attr(String s) {
    return text(s).replace("\"", "&quot;");
  }
}
