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
 * stored. Login attempts are limited per client address and per user name ({@link LoginThrottle});
 * past a limit the answer is 429 with Retry-After and the password is not even checked. Password
 * checks are bounded ({@link UserStore}): when too many run at once the answer is 503 with
 * Retry-After, without a check. A disabled user is told so only after giving the right password.
 */
@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "auth", description = "login, logout, who am I")
public class AuthController {
  private static final Logger LOG = LoggerFactory.getLogger(AuthController.class);

  private final UserStore users;
  private final SessionStore sessions;
  private final LoginThrottle throttle;
  private final Counter failures;
  private final Counter limited;

  public AuthController(
      UserStore users, SessionStore sessions, LoginThrottle throttle, MeterRegistry meters) {
    this.users = users;
    this.sessions = sessions;
    this.throttle = throttle;
    this.failures = Counter.builder("tradeplan.auth.login.failures").register(meters);
    this.limited = Counter.builder("tradeplan.auth.login.limited").register(meters);
  }

  public record LoginRequest(
      @NotNull @Size(min = 1, max = 64) String username,
      @NotNull @Size(min = 1, max = 128) String password) {}

  public record LoginResponse(
      String token, String tokenType, String expiresAt, String username, List<String> roles) {}

  public record Me(String username, List<String> roles) {}

  @Operation(summary = "Log in: answers a bearer token (401 on a wrong name or password)")
  @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
  public LoginResponse login(@Valid @RequestBody LoginRequest body, HttpServletRequest request) {
    String address = request.getRemoteAddr();
    boolean exists =
        UserStore.USERNAME.matcher(body.username()).matches()
            && users.find(body.username()).isPresent();
    long retry = throttle.tryAttempt(address, body.username(), exists);
    if (retry > 0) {
      limited.increment();
      throw retryLater(
          HttpStatus.TOO_MANY_REQUESTS,
          "rate-limited",
          "too many login attempts; retry after " + retry + " s",
          retry);
    }
    UserStore.Login login = users.authenticate(body.username(), body.password());
    if (login instanceof UserStore.Login.Busy) {
      throw retryLater(
          HttpStatus.SERVICE_UNAVAILABLE,
          "login-busy",
          "too many logins are being checked right now; retry in a second",
          1);
    }
    if (login instanceof UserStore.Login.Disabled) {
      LOG.info("login of a disabled user from {}", address);
      throw new ApiException(
          Problems.of(
              HttpStatus.FORBIDDEN,
              "account-disabled",
              "this account is disabled; an operator can enable it"));
    }
    if (!(login instanceof UserStore.Login.Ok ok)) {
      failures.increment();
      LOG.info("failed login from {}", address); // never the name or password
      HttpHeaders h = new HttpHeaders();
      h.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      throw new ApiException(
          Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "wrong user name or password"), h);
    }
    throttle.succeeded(ok.user().username(), address);
    Set<Role> roles = ok.user().roles();
    SessionStore.Issued issued = sessions.open(ok.user().username(), roles);
    return new LoginResponse(
        issued.token(),
        "Bearer",
        issued.expiresAt().toString(),
        ok.user().username(),
        roles.stream().map(Role::name).sorted().toList());
  }

  private static ApiException retryLater(
      HttpStatus status, String kind, String detail, long seconds) {
    HttpHeaders h = new HttpHeaders();
    h.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    return new ApiException(Problems.of(status, kind, detail), h);
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
