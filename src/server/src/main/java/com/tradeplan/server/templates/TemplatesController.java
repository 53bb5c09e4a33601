package com.tradeplan.server.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.PlanTemplateRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/templates}, {@code PUT /api/templates/{name}}, {@code DELETE
 * /api/templates/{name}}: the caller's plan templates. A template's {@code plan} is a plan request
 * as {@code POST /api/plans} takes it, whole or in part (a shape may leave the symbol out); only
 * its top-level field names and its size are checked here, because a plan made from it is validated
 * when it is created.
 */
@RestController
@RequestMapping(path = "/api/templates", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "templates", description = "a trader's saved plan shapes (role TRADER)")
@SecurityRequirement(name = "bearer")
public class TemplatesController {
  /** A template's name: what a trader would call it, 1 to 64 characters. */
  static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.:()\\-]{0,63}");

  /** The fields of a plan request a template may hold. */
  static final Set<String> PLAN_FIELDS =
      Set.of("symbol", "side", "quantity", "entry", "stops", "targets", "trailingStop");

  /** The longest plan shape kept (a plan with every level the limits allow fits well within). */
  static final int MAX_PLAN_CHARS = 8192;

  private final PlanTemplateRepository templates;
  private final ObjectMapper json;
  private final Clock clock = Clock.systemUTC();

  public TemplatesController(
      MongoConfig.MongoConnection store,
      ObjectMapper json,
      @Value("${tradeplan.templates.max-per-user:50}") int maxPerUser) {
    this.templates = new PlanTemplateRepository(store, maxPerUser);
    this.json = json;
  }

  /** One template as the API writes it. */
  public record TemplateJson(String name, JsonNode plan, String savedAt) {}

  @Operation(summary = "The caller's templates, by name (at most the per-user bound)")
  @GetMapping
  public List<TemplateJson> list(Authentication caller) {
    return templates.list(caller.getName()).stream().map(this::toJson).toList();
  }

  @Operation(
      summary = "Save a template under a name (replacing one of the same name)",
      description =
          "Body: {\"plan\": {...}} with the fields of a plan request. 201 when new, 200 when"
              + " replaced; 409 limit-reached past the per-user bound; 400 names a bad field.")
  @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<TemplateJson> save(
      Authentication caller,
      @PathVariable String name,
      @RequestBody(required = false) String body) {
    String owner = caller.getName();
    requireName(name);
    String plan = planOf(body);
    PlanTemplateRepository.Saved saved = templates.save(owner, name, plan, clock.instant());
    if (saved == PlanTemplateRepository.Saved.FULL) {
      var p =
          Problems.of(
              HttpStatus.CONFLICT,
              "limit-reached",
              "you keep "
                  + templates.maxPerOwner()
                  + " templates already: delete one or save under a name you have");
      p.setProperty("limit", "templates.max-per-user");
      p.setProperty("value", templates.maxPerOwner());
      throw new ApiException(p);
    }
    TemplateJson answer =
        templates.list(owner).stream()
            .filter(t -> t.name().equals(name))
            .findFirst()
            .map(this::toJson)
            .orElseThrow(() -> new IllegalStateException("a saved template is not listed"));
    return ResponseEntity.status(
            saved == PlanTemplateRepository.Saved.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
        .body(answer);
  }

  @Operation(summary = "Delete a template; 404 when the caller has none of that name")
  @DeleteMapping("/{name}")
  public ResponseEntity<Void> delete(Authentication caller, @PathVariable String name) {
    requireName(name);
    if (!templates.delete(caller.getName(), name)) {
      throw new ApiException(Problems.notFound());
    }
    return ResponseEntity.noContent().build();
  }

  private static void requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ApiException(
          Problems.badRequest(
              "bad template name",
              List.of(
                  new FieldError(
                      "name",
                      "must be 1 to 64 letters, digits, spaces or _ . : ( ) -, starting with a"
                          + " letter or digit"))));
    }
  }

  /** The body's plan as compact JSON, after checking it is an object of plan fields. */
  private String planOf(String body) {
    JsonNode root;
    try {
      root = body == null ? null : json.readTree(body);
    } catch (JsonProcessingException e) {
      root = null;
    }
    JsonNode plan = root == null ? null : root.get("plan");
    if (plan == null || !plan.isObject()) {
      throw new ApiException(
          Problems.badRequest(
              "bad template",
              List.of(new FieldError("plan", "must be an object: the fields of a plan"))));
    }
    List<FieldError> errors = new ArrayList<>();
    for (Iterator<String> it = plan.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!PLAN_FIELDS.contains(field)) {
        errors.add(new FieldError("plan." + field, "is not a field of a plan"));
      }
    }
    String text = plan.toString();
    if (text.length() > MAX_PLAN_CHARS) {
      errors.add(new FieldError("plan", "must be at most " + MAX_PLAN_CHARS + " characters"));
    }
    if (!errors.isEmpty()) {
      throw new ApiException(Problems.badRequest("bad template", errors));
    }
    return text;
  }

  private TemplateJson toJson(PlanTemplateRepository.StoredTemplate t) {
    try {
      return new TemplateJson(t.name(), json.readTree(t.planJson()), t.savedAt().toString());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored template is not JSON: " + t.name(), e);
    }
  }
}
