package com.tradeplan.server.security;

import com.tradeplan.server.web.ProblemWriter;
import com.tradeplan.server.web.Problems;
import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits commands (every non-GET request under /api/ except login) per authenticated user with a
 * token bucket. Past the limit: 429 with {@code Retry-After} in seconds, and the command is not
 * run. Reads are not limited here (they do not reach the market), and neither is a flatten: it only
 * ever reduces a position, and a trader who is logged in must always be able to flatten (protective
 * orders outrank every limit; the RiskGate paces what reaches IB).
 */
public final class CommandRateLimitFilter extends OncePerRequestFilter {
  private final TokenBuckets buckets;
  private final ProblemWriter problems;
  private final Counter limited;

  public CommandRateLimitFilter(TokenBuckets buckets, ProblemWriter problems, Counter limited) {
    this.buckets = buckets;
    this.problems = problems;
    this.limited = limited;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return "GET".equals(request.getMethod())
        || "HEAD".equals(request.getMethod())
        || "OPTIONS".equals(request.getMethod())
        || !path.startsWith("/api/")
        || path.startsWith("/api/auth/")
        || isFlatten(path);
  }

  /** {@code POST /api/plans/{id}/flatten}. */
  static boolean isFlatten(String path) {
    return path.startsWith("/api/plans/")
        && path.endsWith("/flatten")
        && path.indexOf('/', "/api/plans/".length()) == path.length() - "/flatten".length();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth != null && auth.isAuthenticated() && auth.getName() != null) {
      long retryAfter = buckets.tryTake("user:" + auth.getName());
      if (retryAfter > 0) {
        limited.increment();
        response.setHeader("Retry-After", Long.toString(retryAfter));
        problems.write(
            response,
            Problems.of(
                HttpStatus.TOO_MANY_REQUESTS,
                "rate-limited",
                "too many commands; retry after " + retryAfter + " s"));
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
