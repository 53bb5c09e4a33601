package com.tradeplan.server.killswitch;

import com.tradeplan.broker.KillScope;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.runtime.KillReason;
import com.tradeplan.runtime.KillSwitch;
import com.tradeplan.runtime.Platform;
import com.tradeplan.server.security.Role;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import com.tradeplan.store.AdminAuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The kill switch's endpoints (docs/kill-switch.md, docs/api.md). An operator engages and releases
 * any scope; a trader engages their own user scope only ({@code user:<self>}) and releases nothing:
 * releasing is an operator's decision, taken apart from pressing. Every engage and release is in
 * the admin audit log with who, the scope and the words given.
 *
 * <p>The switch is engaged before the audit entry is written: a store that does not answer never
 * delays stopping entries. Such an engage is answered 503 (engaged on this member, not yet stored
 * or audited; the runtime retries the store write every second).
 */
@RestController
@RequestMapping(path = "/api/kill-switch", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "kill-switch", description = "stop new entries (operators: any scope; traders: own)")
@SecurityRequirement(name = "bearer")
public class KillSwitchController {
  private static final Logger LOG = LoggerFactory.getLogger(KillSwitchController.class);

  /** The longest reason or why an operator may give. */
  static final int WORDS_MAX = 500;

  private final KillSwitch killSwitch;
  private final AdminAuditLog audit;

  public KillSwitchController(Platform platform, AdminAuditLog audit) {
    this.killSwitch = platform.killSwitch();
    this.audit = audit;
  }

  /**
   * @param reason the caller's words (what the refusals name)
   * @param flatten also flatten every open position in the scope
   */
  public record Engage(String scope, String reason, Boolean flatten) {}

  /**
   * @param why the operator's words, kept in the audit log
   * @param reason which reason to release: OPERATOR (default) or another stored reason
   */
  public record Release(String scope, String why, String reason) {}

  /** One reason holding one scope. */
  public record SwitchJson(
      String scope, String reason, String words, String actor, String since, boolean flatten) {}

  /** What the caller may see of the switches, and whether the last change was stored. */
  public record StateJson(List<SwitchJson> engaged, Boolean stored) {}

  @Operation(
      summary = "The engaged kill switches",
      description = "Operators see every scope; a trader the global one and their own user's.")
  @GetMapping
  public StateJson status(Authentication caller) {
    return new StateJson(visibleTo(caller), null);
  }

  @Operation(
      summary = "Engage a kill switch (audited)",
      description =
          "Body {scope: global | account:X | user:Y, reason, flatten}. New entries in the scope are"
              + " refused at once, its working entries cancelled, and with flatten every open"
              + " position in it flattened. Stops, targets, flattens and cancels always pass. A"
              + " trader may engage user:<self> only.")
  @PostMapping(path = "/engage", consumes = MediaType.APPLICATION_JSON_VALUE)
  public StateJson engage(Authentication caller, @RequestBody Engage body) {
    KillScope scope = scopeOf(body.scope());
    String reason = words("reason", body.reason());
    if (!isOperator(caller) && !scope.equals(KillScope.user(caller.getName()))) {
      throw forbidden(
          "a trader may engage the kill switch of their own user only (user:"
              + caller.getName()
              + ")");
    }
    boolean flatten = Boolean.TRUE.equals(body.flatten());
    KillSwitch.Outcome o =
        killSwitch.engage(scope, KillReason.OPERATOR, reason, caller.getName(), flatten);
    if (o.result() == KillSwitch.Result.TOO_MANY) {
      throw new ApiException(
          Problems.of(
              HttpStatus.CONFLICT,
              "too-many-switches",
              KillSwitch.MAX_SCOPES + " scopes are engaged already: engage a wider one"));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reason", reason);
    details.put("flatten", flatten);
    details.put("stored", o.stored());
    auditOrAnswer503(caller, "killswitch.engage", scope, details, o.stored());
    return new StateJson(visibleTo(caller), o.stored());
  }

  @Operation(
      summary = "Release a kill switch (operators, audited)",
      description =
          "Body {scope, why, reason}: why is required and kept in the audit log; reason is"
              + " OPERATOR (default) or another stored reason (DAILY_LOSS_LIMIT,"
              + " CUMULATIVE_LOSS_LIMIT, ...). Entries go again once no reason holds"
              + " the scope. 409 when that reason does not hold it.")
  @PostMapping(path = "/release", consumes = MediaType.APPLICATION_JSON_VALUE)
  public StateJson release(Authentication caller, @RequestBody Release body) {
    if (!isOperator(caller)) {
      throw forbidden("only an operator releases a kill switch");
    }
    KillScope scope = scopeOf(body.scope());
    String why = words("why", body.why());
    KillReason reason = releasable(body.reason());
    KillSwitch.Outcome o = killSwitch.release(scope, reason);
    if (o.result() == KillSwitch.Result.NOT_ENGAGED) {
      throw new ApiException(
          Problems.of(
              HttpStatus.CONFLICT,
              "not-engaged",
              "the kill switch of " + scope + " is not engaged for " + reason.name()));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("why", why);
    details.put("reason", reason.name());
    details.put("stored", o.stored());
    auditOrAnswer503(caller, "killswitch.release", scope, details, o.stored());
    return new StateJson(visibleTo(caller), o.stored());
  }

  private void auditOrAnswer503(
      Authentication caller,
      String action,
      KillScope scope,
      Map<String, Object> details,
      boolean stored) {
    try {
      audit.record(caller.getName(), action, scope.toString(), details);
    } catch (RuntimeException e) {
      LOG.error("{} of {} by {} done but not audited", action, scope, caller.getName(), e);
      stored = false;
    }
    if (!stored) {
      throw new ApiException(
          Problems.of(
              HttpStatus.SERVICE_UNAVAILABLE,
              "not-stored",
              "done on this server, but the store did not take it yet: other members and the"
                  + " audit log may not know; it is retried every second"));
    }
  }

  private List<SwitchJson> visibleTo(Authentication caller) {
    boolean operator = isOperator(caller);
    KillScope own =
        KillScope.KEY.matcher(caller.getName()).matches() ? KillScope.user(caller.getName()) : null;
    List<SwitchJson> out = new ArrayList<>();
    for (KillSwitch.Engagement e : killSwitch.engagements()) {
      if (operator || e.scope().equals(KillScope.GLOBAL) || e.scope().equals(own)) {
        out.add(
            new SwitchJson(
                e.scope().toString(),
                e.reason().name(),
                e.detail() == null ? e.reason().words() : e.detail(),
                e.actor(),
                e.since().toString(),
                e.flatten()));
      }
    }
    return out;
  }

  private static KillScope scopeOf(String text) {
    return KillScope.parse(text)
        .orElseThrow(
            () ->
                new ApiException(
                    Problems.invalid(
                        List.of(
                            new FieldError(
                                "scope",
                                "must be global, account:<IB account> or user:<user name>")))));
  }

  private static String words(String field, String text) {
    if (text == null || text.isBlank() || text.length() > WORDS_MAX) {
      throw new ApiException(
          Problems.invalid(
              List.of(new FieldError(field, "must be 1 to " + WORDS_MAX + " characters"))));
    }
    return text.strip();
  }

  private static KillReason releasable(String name) {
    if (name == null || name.equals(KillReason.OPERATOR.name())) {
      return KillReason.OPERATOR;
    }
    for (KillReason reason : KillReason.values()) {
      if (reason.stored() && reason.name().equals(name)) {
        return reason;
      }
    }
    List<String> stored =
        java.util.Arrays.stream(KillReason.values())
            .filter(KillReason::stored)
            .map(KillReason::name)
            .toList();
    throw new ApiException(
        Problems.invalid(
            List.of(new FieldError("reason", "must be one of the stored reasons " + stored))));
  }

  private static boolean isOperator(Authentication caller) {
    return caller.getAuthorities().stream()
        .anyMatch(a -> a.getAuthority().equals(Role.OPERATOR.authority()));
  }

  private static ApiException forbidden(String detail) {
    return new ApiException(Problems.of(HttpStatus.FORBIDDEN, "forbidden", detail));
  }
}
