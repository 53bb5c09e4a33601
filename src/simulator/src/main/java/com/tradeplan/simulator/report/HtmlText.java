package com.tradeplan.simulator.report;

/** Escaping for text and attribute values in the report's HTML and SVG. */
public final class HtmlText {
  private HtmlText() {}

  public static String text(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  public static String attr(String s) {
    return text(s).replace("\"", "&quot;");
  }
}
