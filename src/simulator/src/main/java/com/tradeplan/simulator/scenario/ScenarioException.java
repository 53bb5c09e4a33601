package com.tradeplan.simulator.scenario;

/**
 * A scenario file that cannot be used: not JSON, an unknown or missing field, a value of the wrong
 * shape. The message is one line naming the file and the field ({@code expect.p1.events[3]}), so
 * that a strategy admin can go straight to the mistake.
 */
public final class ScenarioException extends RuntimeException {
  private final String file;
  private final String field;

  public ScenarioException(String file, String field, String reason) {
    super(file + (field == null ? "" : ": " + field) + ": " + reason.replaceAll("[\\r\\n]+", " "));
    this.file = file;
    this.field = field;
  }

  public String file() {
    return file;
  }

  /** The JSON path of the field at fault, or null when the whole file is. */
  public String field() {
    return field;
  }
}
