package com.tradeplan.formats;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A file that cannot be used at all: not JSON, not a JSON array of objects, a malformed or
 * out-of-order tick row, an unreadable file. The message is one line that names the file, and for
 * tick files the 1-based line and the field, so that the simulator can print it as the reason for a
 * non-zero exit. Field-level problems of a single plan are not this: they are {@code
 * PlanDraft.inputErrors}.
 */
public final class FormatException extends RuntimeException {
  private final String file;
  private final long line;
  private final String field;

  public FormatException(String file, String reason) {
    this(file, 0, null, reason, null);
  }

  public FormatException(String file, String reason, Throwable cause) {
    this(file, 0, null, reason, cause);
  }

  /** A problem on {@code line} (1-based file line, 0 when unknown) in {@code field} (or null). */
  public FormatException(String file, long line, String field, String reason, Throwable cause) {
    super(oneLine(file, line, field, reason), cause);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  private static String oneLine(String file, long line, String field, String reason) {
    StringBuilder s = new StringBuilder(file);
    if (line > 0) {
      s.append(" line ").append(line);
    }
    if (field != null) {
      s.append(" field ").append(field);
    }
    s.append(": ").append(reason);
    return s.toString().replaceAll("[\\r\\n]+", " ");
  }

  /**
   * Where in its text Jackson found {@code e}: {@code " at line L column C"}, or empty when Jackson
   * does not say. Every reader of JSON text names a syntax error's place this one way.
   */
  public static String whereIn(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
  }

  /** The file as the caller named it. */
  public String file() {
    return file;
  }

  /** The 1-based line of the file, 0 when the problem is not on one line. */
  public long line() {
    return line;
  }

  /** The column or JSON field at fault, or null. */
  public String field() {
    return field;
  }
}
