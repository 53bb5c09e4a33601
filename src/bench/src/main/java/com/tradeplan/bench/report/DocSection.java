package com.tradeplan.bench.report;

/**
 * Replaces the text between the lines {@code <!-- NAME:begin ... -->} and {@code <!-- NAME:end -->}
 * of a markdown document, keeping both marker lines. Everything outside the markers is left byte
 * for byte. A document without both markers, in that order, is refused.
 */
public final class DocSection {
  private DocSection() {}

  public static String replace(String doc, String name, String generated) {
    String begin = "<!-- " + name + ":begin";
    String end = "<!-- " + name + ":end -->";
    int b = lineStart(doc, begin, 0);
    int e = b < 0 ? -1 : lineStart(doc, end, b);
    if (b < 0 || e < 0) {
      throw new IllegalArgumentException(
          "the document has no '" + begin + " -->' ... '" + end + "' section");
    }
    int afterBegin = doc.indexOf('\n', b) + 1;
    String body = generated.endsWith("\n") ? generated : generated + "\n";
    return doc.substring(0, afterBegin) + body + doc.substring(e);
  }

  /** The index of {@code marker} at the start of a line, from {@code from}; -1 when none. */
  private static int lineStart(String doc, String marker, int from) {
    for (int i = doc.indexOf(marker, from); i >= 0; i = doc.indexOf(marker, i + 1)) {
      if (i == 0 || doc.charAt(i - 1) == '\n') {
        return i;
      }
    }
    return -1;
  }
}
