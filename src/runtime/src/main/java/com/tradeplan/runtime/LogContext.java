package com.tradeplan.runtime;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * The fields every log line may carry (SLF4J's MDC; the server's JSON encoder writes them as fields
 * of their own, docs/operations.md, "Logs"): who ({@value #USER}), which plan ({@value #PLAN}),
 * which order ({@value #ORDER_REF}), which rule decided it ({@value #RULE}) and the API request
 * that caused it ({@value #REQUEST_ID}). The one home of these names: the server's request filters
 * and the runtime use the same constants. Never a secret: no password, token or key is ever put
 * here.
 *
 * <p>A {@link Scope} sets fields on the calling thread until it is closed, then puts back what was
 * there, so scopes nest (a request's id stays while a command sets its plan). Any thread; nothing
 * here throws.
 */
public final class LogContext {
  public static final String REQUEST_ID = "requestId";
  public static final String USER = "user";
  public static final String PLAN = "plan";
  public static final String ORDER_REF = "orderRef";
  public static final String RULE = "rule";

  private LogContext() {}

  /** Fields set on this thread until {@link #close}. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Sets {@code keysAndValues} (key, value, key, value, ...) on this thread; a null value leaves
   * that key as it is.
   */
  public static Scope with(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    List<String[]> previous = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = keysAndValues[i];
      String value = keysAndValues[i + 1];
      if (value != null) {
        previous.add(new String[] {key, MDC.get(key)});
        MDC.put(key, value);
      }
    }
    return () -> {
      for (int i = previous.size() - 1; i >= 0; i--) {
        String[] p = previous.get(i);
        if (p[1] == null) {
          MDC.remove(p[0]);
        } else {
          MDC.put(p[0], p[1]);
        }
      }
    };
  }

  /** The id of the API request this thread works for, or null. */
  public static String requestId() {
    return MDC.get(REQUEST_ID);
  }
}
