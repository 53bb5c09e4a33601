package com.tradeplan.server.security;

import com.tradeplan.runtime.LogContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the session store. A request without
 * the header goes on anonymous (public endpoints answer, the others 401); a request with a bad or
 * expired token is answered 401 at once. The user's name is in the logging context ({@link
 * LogContext#USER}) while the request runs.
 */
public final class TokenAuthenticationFilter extends OncePerRequestFilter {
  private final SessionStore sessions;
  private final AuthenticationEntryPoint entryPoint;

  public TokenAuthenticationFilter(SessionStore sessions, AuthenticationEntryPoint entryPoint) {
    this.sessions = sessions;
    this.entryPoint = entryPoint;
  }

  /** The bearer token of a header value, or null. */
  public static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  /** An authentication for a session (also used by the WebSocket CONNECT). */
  public static UsernamePasswordAuthenticationToken authentication(SessionStore.Session s) {
    List<SimpleGrantedAuthority> authorities =
        s.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
    return UsernamePasswordAuthenticationToken.authenticated(s.username(), null, authorities);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header != null) {
      String token = bearer(header);
      Optional<SessionStore.Session> session =
          token == null ? Optional.empty() : sessions.find(token);
      if (session.isEmpty()) {
        SecurityContextHolder.clearContext();
        entryPoint.commence(
            request, response, new BadCredentialsException("invalid or expired token"));
        return;
      }
      var context = SecurityContextHolder.createEmptyContext();
      context.setAuthentication(authentication(session.get()));
      SecurityContextHolder.setContext(context);
      request.setAttribute(SessionStore.Session.class.getName(), session.get());
      try (LogContext.Scope s = LogContext.with(LogContext.USER, session.get().username())) {
        chain.doFilter(request, response);
      }
      return;
    }
    chain.doFilter(request, response);
  }
}
