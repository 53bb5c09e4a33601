package com.tradeplan.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a metrics scraper (Prometheus) read {@code GET /actuator/prometheus} with a fixed bearer
 * token from a file ({@code TRADEPLAN_METRICS_TOKEN_FILE}, a Docker or Kubernetes secret), because
 * a login session expires after hours and a scraper cannot log in. The token opens that one
 * endpoint and nothing else: the request is authenticated with the authority {@link #AUTHORITY},
 * which no user has and only the metrics endpoint accepts (docs/security.md).
 *
 * <p>Only the token's SHA-256 is kept, and it is compared in constant time. A request on that path
 * with the right token goes on without its {@code Authorization} header (the session filter after
 * this one would refuse it as an unknown session token); any other request passes through
 * untouched. Without a file the filter does nothing. Runs on request threads; never throws for a
 * request.
 */
public final class MetricsScrapeToken extends OncePerRequestFilter {
  /** The authority of a scrape authenticated by the token. */
  public static final String AUTHORITY = "METRICS_SCRAPE";

  /** The one path the token opens. */
  public static final String PATH = "/actuator/prometheus";

  /** Shorter tokens are refused at start: 32 random characters are far past guessing. */
  static final int MIN_LENGTH = 32;

  private final byte[] tokenHash;

  private MetricsScrapeToken(byte[] tokenHash) {
    this.tokenHash = tokenHash;
  }

  /**
   * The filter for the token in {@code file}, or one that does nothing when {@code file} is null or
   * blank.
   *
   * @throws IllegalStateException naming the variable when the file cannot be read or its token is
   *     shorter than {@value #MIN_LENGTH} characters (the server then does not start)
   */
  public static MetricsScrapeToken fromFile(String file) {
    if (file == null || file.isBlank()) {
      return new MetricsScrapeToken(null);
    }
    String token;
    try {
      token = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8).strip();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "TRADEPLAN_METRICS_TOKEN_FILE: cannot read " + file.strip() + " (" + e + ")", e);
    }
    if (token.length() < MIN_LENGTH) {
      throw new IllegalStateException(
          "TRADEPLAN_METRICS_TOKEN_FILE: the token has "
              + token.length()
              + " characters; at least "
              + MIN_LENGTH
              + " are required (docker/make-secrets.sh makes one)");
    }
    return new MetricsScrapeToken(sha256(token));
  }

  /** True when a token is configured. */
  public boolean enabled() {
    return tokenHash != null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (tokenHash != null
        && "GET".equals(request.getMethod())
        && (request.getContextPath() + PATH).equals(request.getRequestURI())) {
      String token = TokenAuthenticationFilter.bearer(request.getHeader("Authorization"));
      if (token != null && token.length() <= 1_000 && matches(token)) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                "metrics-scraper", null, List.of(new SimpleGrantedAuthority(AUTHORITY))));
        SecurityContextHolder.setContext(context);
        chain.doFilter(new WithoutAuthorization(request), response);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  private boolean matches(String token) {
    return MessageDigest.isEqual(tokenHash, sha256(token));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The request as the filters after this one see it: the token is consumed here. */
  private static final class WithoutAuthorization extends HttpServletRequestWrapper {
    WithoutAuthorization(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getHeader(String name) {
      return "Authorization".equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return "Authorization".equalsIgnoreCase(name)
          ? Collections.emptyEnumeration()
          : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      List<String> names = Collections.list(super.getHeaderNames());
      names.removeIf("Authorization"::equalsIgnoreCase);
      return Collections.enumeration(names);
    }
  }
}
