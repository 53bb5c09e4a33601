package com.tradeplan.server.security;

import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Login and logout. A login answers an opaque bearer token (docs/security.md); only its hash is
 * stored. Login attempts are rate limited per client address and per user name; past the limit the
 * answer is 429 with Retry-After and the password is not even checked.
 */
@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "auth", description = "login, logout, who am I")
public class AuthController {
  private static final Logger LOG = LoggerFactory.getLogger(AuthController.class);

  private final UserStore users;
  private final SessionStore sessions;
  private final LoginLimits loginLimits;
  private final Counter failures;
  private final Counter limited;

  public AuthController(
      UserStore users, SessionStore sessions, LoginLimits loginLimits, MeterRegistry meters) {
    this.users = users;
    this.sessions = sessions;
    this.loginLimits = loginLimits;
    this.failures = Counter.builder("tradeplan.auth.login.failures").register(meters);
    this.limited = Counter.builder("tradeplan.auth.login.limited").register(meters);
  }

  /**
   * Login limits: per user name (tight: a password guesser) and per client address (looser: many
   * users may share one address behind a NAT).
   */
  public record LoginLimits(TokenBuckets perUser, TokenBuckets perAddress) {}

  public record LoginRequest(
      @NotNull @Size(min = 1, max = 64) String username,
      @NotNull @Size(min = 1, max = 128) String password) {}

  public record LoginResponse(
      String token, String tokenType, String expiresAt, String username, List<String> roles) {}

  public record Me(String username, List<String> roles) {}

  @Operation(summary = "Log in: answers a bearer token (401 on a wrong name or password)")
  @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
  public LoginResponse login(@Valid @RequestBody LoginRequest body, HttpServletRequest request) {
    long retry =
        Math.max(
            loginLimits.perAddress().tryTake(request.getRemoteAddr()),
            loginLimits.perUser().tryTake(body.username()));
    if (retry > 0) {
      limited.increment();
      HttpHeaders h = new HttpHeaders();
      h.set(HttpHeaders.RETRY_AFTER, Long.toString(retry));
      throw new ApiException(
          Problems.of(
              HttpStatus.TOO_MANY_REQUESTS,
              "rate-limited",
              "too many login attempts; retry after " + retry + " s"),
          h);
    }
    var user = users.authenticate(body.username(), body.password());
    if (user.isEmpty()) {
      failures.increment();
      LOG.info("failed login from {}", request.getRemoteAddr()); // never the name or password
      HttpHeaders h = new HttpHeaders();
      h.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      throw new ApiException(
          Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "wrong user name or password"), h);
    }
    Set<Role> roles = user.get().roles();
    SessionStore.Issued issued = sessions.open(user.get().username(), roles);
    return new LoginResponse(
        issued.token(),
        "Bearer",
        issued.expiresAt().toString(),
        user.get().username(),
        roles.stream().map(Role::name).sorted().toList());
  }

  @Operation(summary = "Log out: the token stops working at once")
  @SecurityRequirement(name = "bearer")
  @PostMapping("/logout")
  public ResponseEntity<Void> logout(HttpServletRequest request) {
    String token = TokenAuthenticationFilter.bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
    if (token != null) {
      sessions.close(token);
    }
    return ResponseEntity.noContent().build();
  }

  @Operation(summary = "The logged-in user and roles")
  @SecurityRequirement(name = "bearer")
  @GetMapping("/me")
  public Me me(Authentication auth) {
    return new Me(
        auth.getName(),
        auth.getAuthorities().stream().map(a -> a.getAuthority().substring(5)).sorted().toList());
  }
}
