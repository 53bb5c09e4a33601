package com.tradeplan.server.web;

import com.tradeplan.runtime.LogContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every HTTP request a request id, the thread that ties a trader's request to the log lines
 * and orders it caused (docs/operations.md, "Request ids"): the caller's {@value #HEADER} when it
 * is well-formed ({@link #acceptable}: 1 to {@value #MAX_LENGTH} letters, digits and {@code . _ :
 * -}, so that nothing a caller sends can forge or break a log line), else a fresh random UUID. The
 * id is in the logging context ({@link LogContext#REQUEST_ID}) for the whole request, so every line
 * the request's thread logs carries it and a command forwarded to another member takes it along; it
 * is answered in the {@value #HEADER} response header (set before anything else runs, so even a
 * refusal by a later filter carries it) and in every problem body ({@link ProblemIds}).
 *
 * <p>Registered ahead of Spring Security's chain (ServerWebConfig), so that a 401 or 429 has an id
 * too. Runs on the request's thread; never throws on its own.
 */
public final class RequestIdFilter extends OncePerRequestFilter {
  public static final String HEADER = "X-Request-Id";

  /** The longest caller-chosen id kept; a longer one is replaced. */
  public static final int MAX_LENGTH = 64;

  /** Where the id is kept on the request, for code that runs after the logging scope closed. */
  public static final String ATTRIBUTE = RequestIdFilter.class.getName();

  private static final Pattern WELL_FORMED =
      Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

  /** Whether a caller's id is kept as it is. */
  public static boolean acceptable(String id) {
    return id != null && WELL_FORMED.matcher(id).matches();
  }

  /** The caller's id when acceptable, else a new one. */
  static String idFor(String fromCaller) {
    return acceptable(fromCaller) ? fromCaller : UUID.randomUUID().toString();
  }

  /** The id of {@code request}, or null when it did not pass this filter. */
  public static String of(HttpServletRequest request) {
    Object id = request.getAttribute(ATTRIBUTE);
    return id instanceof String s ? s : null;
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false; // the error page's problem carries the id of the request that failed
  }

  /** An error dispatch inside the request's own pass: the id and its logging context again. */
  @Override
  protected void doFilterNestedErrorDispatch(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    doFilterInternal(request, response, chain);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String id = of(request);
    if (id == null) {
      id = idFor(request.getHeader(HEADER));
      request.setAttribute(ATTRIBUTE, id);
    }
    response.setHeader(HEADER, id);
    try (LogContext.Scope s = LogContext.with(LogContext.REQUEST_ID, id)) {
      chain.doFilter(request, response);
    }
  }
}
