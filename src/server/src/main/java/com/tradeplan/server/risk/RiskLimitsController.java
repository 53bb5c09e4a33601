package com.tradeplan.server.risk;

import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.LimitSetVersion;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.RiskLimitsService;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The layered risk limits (docs/risk.md): {@code /api/risk/limits/**} for operators and strategy
 * admins (read a layer, its history, change it: a new version, audited, in force on every member
 * within the poll interval), {@code /api/risk/mine} for a trader (the limits that hold for them).
 */
@RestController
@RequestMapping(path = "/api/risk", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(
    name = "risk",
    description = "risk limits (operators and strategy admins; traders read theirs)")
@SecurityRequirement(name = "bearer")
public class RiskLimitsController {
  static final int HISTORY_MAX = 100;

  private final RiskLimitsService limits;

  public RiskLimitsController(Platform platform) {
    this.limits = platform.riskLimits();
  }

  /**
   * One layer: what it sets itself, its stored version (0: none stored; for the platform, the
   * configured defaults hold), and the limits in force for its holder. {@code membersPending}, in
   * the answer to a change only: the cluster members that had not acknowledged the new version
   * within 2 s (empty: in force on every member; docs/risk.md, "Changing a limit").
   */
  public record LayerJson(
      String scope,
      String id,
      long version,
      String changedBy,
      String changedAt,
      String why,
      LimitsJson limits,
      LimitsJson effective,
      List<String> membersPending) {
    LayerJson withMembersPending(List<String> pending) {
      return new LayerJson(
          scope, id, version, changedBy, changedAt, why, limits, effective, pending);
    }
  }

  /** A change: the whole layer (absent fields: unset), the version it replaces, and why. */
  public record ChangeJson(LimitsJson limits, Long expectedVersion, String why) {}

  /** A trader's limits: on their own figures, and on one of their orders. */
  public record MineJson(String user, LimitsJson perUser, LimitsJson perOrder) {}

  @Operation(summary = "One layer's limits (scope: platform, account, user or plan)")
  @GetMapping("/limits/{scope}/{id}")
  public LayerJson layer(@PathVariable String scope, @PathVariable String id) {
    return layerJson(scopeOf(scope), id);
  }

  @Operation(summary = "The platform layer (the defaults of every user and order)")
  @GetMapping("/limits/platform")
  public LayerJson platform() {
    return layerJson(LimitScope.PLATFORM, LimitScope.PLATFORM_ID);
  }

  @Operation(summary = "A layer's versions, newest first (limit 1..100, default 20)")
  @GetMapping("/limits/{scope}/{id}/history")
  public List<LayerJson> history(
      @PathVariable String scope,
      @PathVariable String id,
      @RequestParam(name = "limit", required = false) Integer limit) {
    int n = limit == null ? 20 : Math.max(1, Math.min(HISTORY_MAX, limit));
    LimitScope s = scopeOf(scope);
    return limits.history(s, idOf(s, id), n).stream().map(v -> versionJson(v, null)).toList();
  }

  @Operation(
      summary = "Changes a layer: a new version with who and why, audited",
      description =
          "422 validation (a value not > 0, a limit the scope cannot hold); 409 version-conflict"
              + " when expectedVersion is not the version in force (someone changed it first)."
              + " 200 waits up to 2 s for every cluster member to acknowledge the new version;"
              + " membersPending names those that had not (stored and in force where"
              + " acknowledged; the others read it at their next poll of the store, within 2 s).")
  @PutMapping(path = "/limits/{scope}/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  public LayerJson change(
      @PathVariable String scope,
      @PathVariable String id,
      @RequestBody ChangeJson body,
      Authentication who) {
    LimitScope s = scopeOf(scope);
    List<FieldError> errors = new ArrayList<>();
    if (body.why() == null || body.why().isBlank() || body.why().length() > 500) {
      errors.add(new FieldError("why", "say why, in at most 500 characters"));
    }
    if (body.expectedVersion() == null || body.expectedVersion() < 0) {
      errors.add(new FieldError("expectedVersion", "the version in force (0: none stored)"));
    }
    LimitsJson json = body.limits() == null ? LimitsJson.of(RiskLimits.NONE) : body.limits();
    RiskLimits wanted = json.toLimits(errors);
    if (!errors.isEmpty()) {
      throw new ApiException(Problems.invalid(errors));
    }
    RiskLimitsService.ChangeResult r =
        limits.change(s, idOf(s, id), wanted, body.expectedVersion(), who.getName(), body.why());
    if (r instanceof RiskLimitsService.ChangeResult.Invalid invalid) {
      throw new ApiException(
          Problems.invalid(invalid.errors().stream().map(RiskLimitsController::field).toList()));
    }
    if (r instanceof RiskLimitsService.ChangeResult.Conflict conflict) {
      throw new ApiException(
          Problems.of(
              HttpStatus.CONFLICT,
              "version-conflict",
              "the layer was changed meanwhile: version "
                  + conflict.versionInForce()
                  + " is in force; reload and edit it"));
    }
    RiskLimitsService.ChangeResult.Saved saved = (RiskLimitsService.ChangeResult.Saved) r;
    return layerJson(s, saved.version().scopeId()).withMembersPending(saved.membersPending());
  }

  @Operation(summary = "The trader's own limits: on their figures and on each of their orders")
  @GetMapping("/mine")
  public MineJson mine(Authentication who) {
    LimitLayers layers = limits.layers();
    String user = who.getName();
    return new MineJson(
        user,
        LimitsJson.of(layers.forUser(user)),
        LimitsJson.of(layers.forOrder(null, user, null)));
  }

  private LayerJson layerJson(LimitScope scope, String id) {
    String scopeId = idOf(scope, id);
    LimitSetVersion stored = limits.storedVersion(scope, scopeId);
    LimitLayers layers = limits.layers();
    RiskLimits effective =
        switch (scope) {
          case PLATFORM -> layers.platform();
          case ACCOUNT -> layers.forAccount(scopeId);
          case USER -> layers.forUser(scopeId);
          case PLAN -> layers.layer(LimitScope.PLATFORM, null).tightenedBy(layers.layer(scope, id));
        };
    if (stored != null) {
      return versionJson(stored, effective);
    }
    RiskLimits own = scope == LimitScope.PLATFORM ? layers.platform() : RiskLimits.NONE;
    return new LayerJson(
        name(scope),
        scopeId,
        0,
        null,
        null,
        null,
        LimitsJson.of(own),
        LimitsJson.of(effective),
        null);
  }

  private static LayerJson versionJson(LimitSetVersion v, RiskLimits effective) {
    return new LayerJson(
        name(v.scope()),
        v.scopeId(),
        v.version(),
        v.changedBy(),
        v.changedAt() == null ? null : v.changedAt().toString(),
        v.why(),
        LimitsJson.of(v.limits()),
        effective == null ? null : LimitsJson.of(effective),
        null);
  }

  private static String name(LimitScope scope) {
    return scope.name().toLowerCase(Locale.ROOT);
  }

  private static LimitScope scopeOf(String text) {
    try {
      return LimitScope.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          Problems.of(
              HttpStatus.NOT_FOUND, "not-found", "no such scope: platform, account, user, plan"));
    }
  }

  private static String idOf(LimitScope scope, String id) {
    if (scope == LimitScope.PLATFORM) {
      return LimitScope.PLATFORM_ID;
    }
    if (id == null || !id.matches("[A-Za-z0-9._:-]{1,64}")) {
      throw new ApiException(Problems.badRequest("an id is 1-64 letters, digits or . _ : -"));
    }
    return scope == LimitScope.ACCOUNT ? LimitLayers.accountOf(id) : id;
  }

  private static FieldError field(String error) {
    return LimitsJson.fieldError("limits", error);
  }
}
