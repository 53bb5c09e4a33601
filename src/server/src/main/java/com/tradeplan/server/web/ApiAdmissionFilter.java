package com.tradeplan.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admission control of the API ({@link ApiAdmission}): a request under {@code /api/} runs only with
 * a permit; when none frees up within the wait it is answered 503 {@code api-busy} with {@code
 * Retry-After} and nothing of it runs (not even the token check: this filter comes before Spring
 * Security's chain, right after the request id).
 *
 * <p>Never refused, and not counted ({@link #exempt}): the protective actions, which a trading
 * platform must take under any load: the kill switch ({@code /api/kill-switch}, all of it: its
 * status, engage, and an operator's release), a plan's flatten and cancel ({@code POST
 * /api/plans/{id}/flatten}, {@code .../cancel}: each only ends exposure or a working entry), and an
 * operator's flatten of a position difference ({@code POST /api/ops/reconciliation/flatten}).
 * Outside {@code /api/} nothing is counted: the health, readiness and metrics probes ({@code
 * /actuator/**}: an orchestrator must see the server alive under load), the web UI's files, and the
 * WebSocket handshake ({@code /ws}, bounded per user by {@code
 * tradeplan.websocket.max-connections-per-user}; its frames never pass servlet filters).
 */
public final class ApiAdmissionFilter extends OncePerRequestFilter {
  private final ApiAdmission admission;
  private final ProblemWriter problems;

  public ApiAdmissionFilter(ApiAdmission admission, ProblemWriter problems) {
    this.admission = admission;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = pathOf(request);
    return !path.startsWith("/api/") || exempt(request.getMethod(), path);
  }

  /** The path the request is routed on: decoded and normalized by the container. */
  static String pathOf(HttpServletRequest request) {
    String path = request.getServletPath();
    if (request.getPathInfo() != null) {
      path = path + request.getPathInfo();
    }
    return path.isEmpty() ? request.getRequestURI() : path;
  }

  /** Whether {@code method path} is a protective action that admission never refuses. */
  static boolean exempt(String method, String path) {
    if (path.equals("/api/kill-switch") || path.startsWith("/api/kill-switch/")) {
      return true;
    }
    if (!"POST".equals(method)) {
      return false;
    }
    return path.equals("/api/ops/reconciliation/flatten")
        || planCommand(path, "/flatten")
        || planCommand(path, "/cancel");
  }

  /** {@code /api/plans/{id}<command>} with one non-empty id segment. */
  private static boolean planCommand(String path, String command) {
    String prefix = "/api/plans/";
    return path.startsWith(prefix)
        && path.endsWith(command)
        && path.length() > prefix.length() + command.length()
        && path.indexOf('/', prefix.length()) == path.length() - command.length();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!admission.tryEnter()) {
      long retryAfter = admission.retryAfterSeconds();
      response.setHeader("Retry-After", Long.toString(retryAfter));
      problems.write(response, busy(admission.limit(), retryAfter));
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      admission.exit();
    }
  }

  /** The 503 answer: names the bound's setting and value, like a 409 {@code limit-reached}. */
  static ProblemDetail busy(int limit, long retryAfter) {
    ProblemDetail p =
        Problems.of(
            HttpStatus.SERVICE_UNAVAILABLE,
            "api-busy",
            "the server is answering its limit of "
                + limit
                + " API requests at once ("
                + ApiAdmission.LIMIT_PROPERTY
                + "), which keeps the trading lanes' cores free; nothing was done: retry after "
                + retryAfter
                + " s");
    p.setProperty("limit", ApiAdmission.LIMIT_PROPERTY);
    p.setProperty("value", limit);
    return p;
  }
}
