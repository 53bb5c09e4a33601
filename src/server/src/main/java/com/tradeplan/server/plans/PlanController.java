package com.tradeplan.server.plans;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.runtime.CommandResult;
import com.tradeplan.runtime.HistoryEntry;
import com.tradeplan.runtime.PlanPage;
import com.tradeplan.runtime.PlanView;
import com.tradeplan.runtime.TradingService;
import com.tradeplan.server.security.SecretGenerator;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Pages;
import com.tradeplan.server.web.Problems;
import com.tradeplan.store.PlanOrder;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The trader's plans: create, validate, update, activate, cancel, flatten, list, get with history,
 * orders and fills. Every call is scoped to the caller: the owner is always the logged-in user, and
 * another user's plan id answers 404 exactly like an id that does not exist. The server holds no
 * trading logic: every decision is the platform's ({@link TradingService}).
 */
@RestController
@RequestMapping(path = "/api/plans", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "plans", description = "a trader's plans (role TRADER)")
@SecurityRequirement(name = "bearer")
public class PlanController {
  static final Pattern PLAN_ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
  static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.\\- ]{0,20}");

  private final TradingService trading;
  private final IdempotentCommands idempotent;

  public PlanController(
      TradingService trading, IdempotencyStore keys, ObjectMapper json, MeterRegistry meters) {
    this.trading = trading;
    this.idempotent = new IdempotentCommands(keys, json, meters);
  }

  @Operation(
      summary = "Create a plan (DRAFT)",
      description =
          "Body: a plan as in PLANS.json (prices as decimal strings) without id and owner."
              + " 201 with the plan; 422 lists every invalid field. Idempotency-Key supported.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = PlanRequestDoc.class))),
      responses =
          @ApiResponse(
              responseCode = "201",
              content = @Content(schema = @Schema(implementation = PlanJson.PlanResponse.class))))
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> create(
      Authentication caller,
      @RequestHeader(name = IdempotentCommands.HEADER, required = false) String key,
      @RequestBody(required = false) String body) {
    String owner = caller.getName();
    return idempotent.run(
        owner,
        key,
        "create",
        body,
        () -> {
          PlanDraft draft = PlanRequestReader.read(body, owner, newPlanId());
          CommandResult<PlanView> r = trading.createDraft(owner, draft);
          if (r instanceof CommandResult.Ok<PlanView> ok) {
            return ResponseEntity.created(
                    URI.create("/api/plans/" + ok.value().snapshot().planId()))
                .eTag(etag(ok.value()))
                .body(PlanJson.plan(ok.value()));
          }
          return problem(r);
        });
  }

  @Operation(
      summary = "Validate a plan without storing it",
      description = "200 {valid:true}, or 422 listing every invalid field.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = PlanRequestDoc.class))))
  @PostMapping(path = "/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> validate(
      Authentication caller, @RequestBody(required = false) String body) {
    String owner = caller.getName();
    PlanDraft draft = PlanRequestReader.read(body, owner, "validate");
    List<FieldError> errors = trading.validate(owner, draft);
    if (!errors.isEmpty()) {
      return ResponseEntity.unprocessableEntity().body(Problems.invalid(errors));
    }
    return ResponseEntity.ok(new PlanJson.Valid(true));
  }

  @Operation(
      summary = "Replace a DRAFT or ACTIVE plan",
      description =
          "If-Match must carry the plan's version (its ETag, or the plain number). 409 when the"
              + " plan changed since; 428 without If-Match.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = PlanRequestDoc.class))))
  @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> update(
      Authentication caller,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody(required = false) String body) {
    String owner = caller.getName();
    requireId(id);
    long expected = expectedVersion(ifMatch);
    PlanDraft draft = PlanRequestReader.read(body, owner, id);
    return viewOrProblem(trading.update(owner, id, draft, expected));
  }

  @Operation(summary = "Activate a DRAFT plan: it is watched on every tick from now on")
  @PostMapping("/{id}/activate")
  public ResponseEntity<String> activate(
      Authentication caller,
      @PathVariable String id,
      @RequestHeader(name = IdempotentCommands.HEADER, required = false) String key) {
    String owner = caller.getName();
    requireId(id);
    return idempotent.run(
        owner, key, "activate:" + id, null, () -> viewOrProblem(trading.activate(owner, id)));
  }

  @Operation(summary = "Cancel an ACTIVE plan or the working entry of an ENTRY_SUBMITTED one")
  @PostMapping("/{id}/cancel")
  public ResponseEntity<String> cancel(
      Authentication caller,
      @PathVariable String id,
      @RequestHeader(name = IdempotentCommands.HEADER, required = false) String key) {
    String owner = caller.getName();
    requireId(id);
    return idempotent.run(
        owner, key, "cancel:" + id, null, () -> viewOrProblem(trading.cancel(owner, id)));
  }

  @Operation(summary = "Flatten a live trade: cancel working orders, one market exit")
  @PostMapping("/{id}/flatten")
  public ResponseEntity<String> flatten(
      Authentication caller,
      @PathVariable String id,
      @RequestHeader(name = IdempotentCommands.HEADER, required = false) String key) {
    String owner = caller.getName();
    requireId(id);
    return idempotent.run(
        owner, key, "flatten:" + id, null, () -> viewOrProblem(trading.flatten(owner, id)));
  }

  /**
   * The order a {@code sort} parameter names (absent: by id, as before sorting existed); a 400
   * naming {@code sort} for an unknown one, or for the end time with open statuses asked for.
   */
  private static PlanOrder order(String sort, Set<PlanStatus> statuses) {
    if (sort == null) {
      return PlanOrder.BY_ID;
    }
    PlanOrder order =
        PlanOrder.parse(sort)
            .orElseThrow(
                () ->
                    new ApiException(
                        Problems.badRequest(
                            "bad query parameter",
                            List.of(new FieldError("sort", "must be " + PlanOrder.names())))));
    if (order.key() == PlanOrder.Key.ENDED_AT
        && (statuses.isEmpty() || statuses.stream().anyMatch(s -> !s.isTerminal()))) {
      throw new ApiException(
          Problems.badRequest(
              "bad query parameter",
              List.of(
                  new FieldError(
                      "sort",
                      "endedAt needs ended statuses only (status=INACTIVE,CANCELLED,REJECTED)"))));
    }
    return order;
  }

  /** Plans a page holds by default; at most {@link TradingService#PAGE_MAX}. */
  static final int PAGE_DEFAULT = 100;

  @Operation(
      summary = "The caller's plans, one page, optionally filtered by status and symbol",
      description =
          "status: repeatable or a comma list; symbol; side (LONG or SHORT); limit: 1..500 (default 100);"
              + " sort: id (default), endedAt, createdAt, symbol or realizedPnl, '-' first for"
              + " descending (-endedAt: newest ended first; ended statuses only), ties by id;"
              + " after: the cursor of the next page (the id of the last plan when sorted by id)."
              + " A full page carries Link: <next page>; rel=\"next\".")
  @GetMapping
  public ResponseEntity<List<PlanJson.PlanResponse>> list(
      Authentication caller,
      @RequestParam(name = "status", required = false) List<String> status,
      @RequestParam(name = "symbol", required = false) String symbol,
      @RequestParam(name = "side", required = false) String side,
      @RequestParam(name = "limit", required = false) Integer limit,
      @RequestParam(name = "sort", required = false) String sort,
      @RequestParam(name = "after", required = false) String after) {
    Set<PlanStatus> statuses = statuses(status);
    PlanOrder order = order(sort, statuses);
    Side wantedSide = side(side);
    if (symbol != null && !SYMBOL.matcher(symbol).matches()) {
      throw new ApiException(
          Problems.badRequest(
              "bad query parameter",
              List.of(new FieldError("symbol", "must be an upper-case symbol such as AAPL"))));
    }
    if (after != null
        && (order.key() == PlanOrder.Key.ID
            ? !PLAN_ID.matcher(after).matches()
            : order.cursor(after).isEmpty())) {
      throw new ApiException(
          Problems.badRequest(
              "bad query parameter",
              List.of(
                  new FieldError(
                      "after",
                      order.key() == PlanOrder.Key.ID
                          ? "must be a plan id"
                          : "must be the cursor of a Link of the same sort"))));
    }
    int n = Pages.limit(limit, PAGE_DEFAULT, TradingService.PAGE_MAX);
    PlanPage page = trading.page(caller.getName(), statuses, symbol, wantedSide, order, after, n);
    Map<String, Object> query = new LinkedHashMap<>();
    if (!statuses.isEmpty()) {
      query.put("status", statuses.stream().map(Enum::name).toList());
    }
    query.put("symbol", symbol);
    query.put("side", wantedSide == null ? null : wantedSide.name());
    query.put("limit", n);
    query.put("sort", sort == null ? null : order.text());
    return Pages.answer(
        page.plans().stream().map(PlanJson::plan).toList(), "/api/plans", query, page.next());
  }

  @Operation(summary = "One plan with its full history (each event with the rule that caused it)")
  @GetMapping("/{id}")
  public ResponseEntity<PlanJson.PlanDetail> get(Authentication caller, @PathVariable String id) {
    String owner = caller.getName();
    PlanView view = find(owner, id);
    List<PlanJson.HistoryJson> history =
        trading.history(owner, id).stream().map(PlanJson::history).toList();
    return ResponseEntity.ok()
        .eTag(etag(view))
        .body(new PlanJson.PlanDetail(PlanJson.plan(view), history));
  }

  @Operation(summary = "The plan's history only")
  @GetMapping("/{id}/history")
  public List<PlanJson.HistoryJson> history(Authentication caller, @PathVariable String id) {
    String owner = caller.getName();
    find(owner, id);
    return trading.history(owner, id).stream().map(PlanJson::history).toList();
  }

  @Operation(summary = "The plan's orders (as Tradeplan knows them) and fills (from its history)")
  @GetMapping("/{id}/orders")
  public PlanJson.OrdersAndFills orders(Authentication caller, @PathVariable String id) {
    String owner = caller.getName();
    PlanView view = find(owner, id);
    List<HistoryEntry> history = trading.history(owner, id);
    return new PlanJson.OrdersAndFills(
        id,
        view.snapshot().orders().stream().map(PlanJson::order).toList(),
        history.stream()
            .filter(h -> h.event().type() == PlanEvent.Type.FILL)
            .map(PlanJson::fill)
            .toList());
  }

  // ---- helpers

  /** The one keeper of Idempotency-Keys of the plans' commands, shared with the other plan APIs. */
  IdempotentCommands idempotentCommands() {
    return idempotent;
  }

  private PlanView find(String owner, String id) {
    requireId(id);
    Optional<PlanView> view = trading.get(owner, id);
    return view.orElseThrow(() -> new ApiException(Problems.notFound()));
  }

  /** A path id that cannot be a plan id is answered like an unknown plan. */
  static void requireId(String id) {
    if (!PLAN_ID.matcher(id).matches()) {
      throw new ApiException(Problems.notFound());
    }
  }

  static String newPlanId() {
    return "pl-" + SecretGenerator.token().substring(0, 22);
  }

  static String etag(PlanView v) {
    return "\"" + v.snapshot().version() + "\"";
  }

  static long expectedVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new ApiException(
          Problems.of(
              HttpStatus.PRECONDITION_REQUIRED,
              "precondition-required",
              "send If-Match with the plan's version (its ETag) to update it"));
    }
    String v = ifMatch.trim();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    v = v.replace("\"", "");
    try {
      long version = Long.parseLong(v);
      if (version < 0) {
        throw new NumberFormatException();
      }
      return version;
    } catch (NumberFormatException e) {
      throw new ApiException(
          Problems.badRequest(
              "bad If-Match",
              List.of(new FieldError("If-Match", "must be the plan's version, such as \"3\""))));
    }
  }

  /** The side filter: null when absent, else LONG or SHORT (else 400). */
  static Side side(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Side.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          Problems.badRequest(
              "bad query parameter", List.of(new FieldError("side", "must be LONG or SHORT"))));
    }
  }

  static Set<PlanStatus> statuses(List<String> values) {
    Set<PlanStatus> out = EnumSet.noneOf(PlanStatus.class);
    if (values == null) {
      return out;
    }
    List<FieldError> errors = new ArrayList<>();
    for (String v : values) {
      for (String part : v.split(",")) {
        String s = part.trim().toUpperCase(Locale.ROOT);
        if (s.isEmpty()) {
          continue;
        }
        try {
          out.add(PlanStatus.valueOf(s));
        } catch (IllegalArgumentException e) {
          errors.add(new FieldError("status", "must be one of " + List.of(PlanStatus.values())));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiException(Problems.badRequest("bad query parameter", errors.subList(0, 1)));
    }
    return out;
  }

  public static ResponseEntity<?> viewOrProblem(CommandResult<PlanView> r) {
    if (r instanceof CommandResult.Ok<PlanView> ok) {
      return ResponseEntity.ok().eTag(etag(ok.value())).body(PlanJson.plan(ok.value()));
    }
    return problem(r);
  }

  public static ResponseEntity<?> problem(CommandResult<?> r) {
    if (r instanceof CommandResult.Invalid<?> inv) {
      return ResponseEntity.unprocessableEntity().body(Problems.invalid(inv.errors()));
    }
    if (r instanceof CommandResult.NotFound<?>) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.notFound());
    }
    if (r instanceof CommandResult.Conflict<?> c) {
      return ResponseEntity.status(HttpStatus.CONFLICT)
          .body(Problems.of(HttpStatus.CONFLICT, "version-conflict", c.reason()));
    }
    if (r instanceof CommandResult.Refused<?> ref) {
      return ResponseEntity.status(HttpStatus.CONFLICT)
          .body(Problems.of(HttpStatus.CONFLICT, "refused", ref.reason()));
    }
    if (r instanceof CommandResult.LimitReached<?> l) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.limitReached(l));
    }
    if (r instanceof CommandResult.Unavailable<?> u) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .header(HttpHeaders.RETRY_AFTER, "5")
          .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", u.reason()));
    }
    throw new IllegalArgumentException("not a problem: " + r);
  }
}
