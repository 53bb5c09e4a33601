package com.tradeplan.server.ops;

import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.runtime.PlatformHealth;
import com.tradeplan.server.security.Role;
import com.tradeplan.server.security.SessionStore;
import com.tradeplan.server.security.UserStore;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Pages;
import com.tradeplan.server.web.Problems;
import com.tradeplan.store.AdminAuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's endpoints: platform state, users (creation, disabling, enabling and password
 * resets are audited; disabling and a reset end every session of the user, its live connections
 * included), the audit log. A password is set by the operator and never returned or logged.
 */
@RestController
@RequestMapping(path = "/api/ops", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ops", description = "operators (role OPERATOR)")
@SecurityRequirement(name = "bearer")
public class OpsController {
  /** Users a page holds by default, and at most. */
  static final int USERS_PAGE = 100;

  static final int USERS_PAGE_MAX = 500;

  private final UserStore users;
  private final SessionStore sessions;
  private final AdminAuditLog audit;
  private final PlatformHealthSource health;

  public OpsController(
      UserStore users, SessionStore sessions, AdminAuditLog audit, PlatformHealthSource health) {
    this.users = users;
    this.sessions = sessions;
    this.audit = audit;
    this.health = health;
  }

  public record UserJson(String username, List<String> roles, String createdAt, boolean disabled) {}

  public record CreateUser(String username, String password, List<String> roles) {}

  public record NewPassword(String password) {}

  @Operation(summary = "Platform state: store, broker link, market data, queues, alerts")
  @GetMapping("/platform")
  public PlatformHealth platform() {
    return health.get();
  }

  @Operation(
      summary = "Users by name, one page",
      description =
          "limit: 1..500 (default 100); after: the last name of the previous page. A full page"
              + " carries Link: <...>; rel=\"next\".")
  @GetMapping("/users")
  public ResponseEntity<List<UserJson>> users(
      @RequestParam(name = "limit", required = false) Integer limit,
      @RequestParam(name = "after", required = false) String after) {
    int n = Pages.limit(limit, USERS_PAGE, USERS_PAGE_MAX);
    if (after != null && !UserStore.USERNAME.matcher(after).matches()) {
      throw new ApiException(
          Problems.badRequest(
              "bad query parameter", List.of(new FieldError("after", "must be a user name"))));
    }
    List<UserJson> page = users.list(after, n).stream().map(OpsController::json).toList();
    String next = page.size() == n ? page.get(page.size() - 1).username() : null;
    return Pages.answer(page, "/api/ops/users", Map.of("limit", Integer.toString(n)), next);
  }

  @Operation(summary = "Disable a user (audited): it cannot log in; its sessions end at once")
  @PostMapping("/users/{username}/disable")
  public UserJson disable(Authentication caller, @PathVariable String username) {
    return setDisabled(caller, username, true);
  }

  @Operation(summary = "Enable a disabled user again (audited)")
  @PostMapping("/users/{username}/enable")
  public UserJson enable(Authentication caller, @PathVariable String username) {
    return setDisabled(caller, username, false);
  }

  @Operation(
      summary = "Reset a user's password (audited, never logged): its sessions end at once",
      description = "Body {password}: 12 to 72 characters. An operator may reset their own.")
  @PostMapping(path = "/users/{username}/password", consumes = MediaType.APPLICATION_JSON_VALUE)
  public UserJson resetPassword(
      Authentication caller, @PathVariable String username, @RequestBody NewPassword body) {
    UserStore.User user = existing(username);
    if (body.password() == null
        || body.password().length() < UserStore.PASSWORD_MIN
        || body.password().length() > UserStore.PASSWORD_MAX) {
      throw new ApiException(Problems.invalid(List.of(passwordError())));
    }
    users.resetPassword(user.username(), body.password());
    long ended = sessions.closeAll(user.username());
    audit.record(
        caller.getName(), "user.password.reset", user.username(), Map.of("sessionsEnded", ended));
    return json(existing(username));
  }

  private UserJson setDisabled(Authentication caller, String username, boolean disabled) {
    UserStore.User user = existing(username);
    users.setDisabled(user.username(), disabled);
    Map<String, Object> details = Map.of();
    if (disabled) {
      details = Map.of("sessionsEnded", sessions.closeAll(user.username()));
    }
    audit.record(
        caller.getName(), disabled ? "user.disable" : "user.enable", user.username(), details);
    return json(existing(username));
  }

  private UserStore.User existing(String username) {
    return (UserStore.USERNAME.matcher(username).matches()
            ? users.find(username)
            : java.util.Optional.<UserStore.User>empty())
        .orElseThrow(
            () -> new ApiException(Problems.of(HttpStatus.NOT_FOUND, "not-found", "no such user")));
  }

  private static FieldError passwordError() {
    return new FieldError(
        "password",
        "must be " + UserStore.PASSWORD_MIN + " to " + UserStore.PASSWORD_MAX + " characters");
  }

  @Operation(summary = "Create a user (audited); 409 when the name is taken")
  @PostMapping(path = "/users", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<UserJson> createUser(Authentication caller, @RequestBody CreateUser body) {
    List<FieldError> errors = new ArrayList<>();
    if (body.username() == null || !UserStore.USERNAME.matcher(body.username()).matches()) {
      errors.add(new FieldError("username", "must be 1 to 64 letters, digits, '_', '.' or '-'"));
    }
    if (body.password() == null
        || body.password().length() < UserStore.PASSWORD_MIN
        || body.password().length() > UserStore.PASSWORD_MAX) {
      errors.add(passwordError());
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (body.roles() == null || body.roles().isEmpty()) {
      errors.add(new FieldError("roles", "must name at least one role"));
    } else {
      for (int i = 0; i < body.roles().size(); i++) {
        try {
          roles.add(Role.valueOf(String.valueOf(body.roles().get(i))));
        } catch (IllegalArgumentException e) {
          errors.add(
              new FieldError("roles[" + i + "]", "must be one of " + List.of(Role.values())));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiException(Problems.invalid(errors));
    }
    if (users.create(body.username(), body.password(), roles) == UserStore.Created.EXISTS) {
      throw new ApiException(
          Problems.of(HttpStatus.CONFLICT, "user-exists", "a user with this name exists"));
    }
    audit.record(
        caller.getName(),
        "user.create",
        body.username(),
        Map.of("roles", roles.stream().map(Role::name).sorted().toList()));
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(users.find(body.username()).map(OpsController::json).orElseThrow());
  }

  @Operation(summary = "The latest administrative actions (newest first, at most 200)")
  @GetMapping("/audit")
  public List<AdminAuditLog.Entry> audit() {
    return audit.latest(200);
  }

  private static UserJson json(UserStore.User u) {
    return new UserJson(
        u.username(),
        u.roles().stream().map(Role::name).sorted().toList(),
        u.createdAt() == null ? null : u.createdAt().toString(),
        u.disabled());
  }
}
