package com.tradeplan.server.ops;

import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.runtime.PlatformHealth;
import com.tradeplan.server.security.Role;
import com.tradeplan.server.security.UserStore;
import com.tradeplan.server.web.ApiException;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's endpoints: platform state, users (creation is audited), the audit log. A user's
 * password is set by the operator at creation and never returned or logged.
 */
@RestController
@RequestMapping(path = "/api/ops", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ops", description = "operators (role OPERATOR)")
@SecurityRequirement(name = "bearer")
public class OpsController {
  private final UserStore users;
  private final AdminAuditLog audit;
  private final PlatformHealthSource health;

  public OpsController(UserStore users, AdminAuditLog audit, PlatformHealthSource health) {
    this.users = users;
    this.audit = audit;
    this.health = health;
  }

  public record UserJson(String username, List<String> roles, String createdAt) {}

  public record CreateUser(String username, String password, List<String> roles) {}

  @Operation(summary = "Platform state: store, broker link, market data, queues, alerts")
  @GetMapping("/platform")
  public PlatformHealth platform() {
    return health.get();
  }

  @Operation(summary = "Users (at most 1000)")
  @GetMapping("/users")
  public List<UserJson> users() {
    return users.list(1000).stream().map(OpsController::json).toList();
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
      errors.add(
          new FieldError(
              "password",
              "must be "
                  + UserStore.PASSWORD_MIN
                  + " to "
                  + UserStore.PASSWORD_MAX
                  + " characters"));
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
        u.createdAt() == null ? null : u.createdAt().toString());
  }
}
