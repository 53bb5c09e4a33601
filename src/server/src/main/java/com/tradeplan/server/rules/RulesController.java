package com.tradeplan.server.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeplan.cluster.RuleSetCanary;
import com.tradeplan.engine.RuleAttachments;
import com.tradeplan.engine.RuleCompilationException;
import com.tradeplan.engine.RuleCompilationException.Problem;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.RuleVersions;
import com.tradeplan.runtime.RuleVersions.DeployResult;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import com.tradeplan.store.AdminAuditLog;
import com.tradeplan.store.RuleSetRepository.RuleVersion;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
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
 * The strategy admin's endpoints (docs/api.md, "Rule sets"): versions, drafts, validate, test,
 * deploy (an override needs a reason), canary (deploy to chosen users, promote, abort), rollback,
 * the audit. Deploys, canaries, rollbacks, overrides and tests are recorded in the admin audit log
 * with who, why and which files changed.
 *
 * <p>Why one class: a little over 500 lines, because every {@code /api/rules} endpoint and the JSON
 * shapes they answer are in this one class, as for the other resources; the work is elsewhere
 * ({@link RuleVersions}, {@link ScenarioSuite}, {@link ReferenceSimulation}).
 */
@RestController
@RequestMapping(path = "/api/rules", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "rules", description = "strategy admins (role STRATEGY_ADMIN)")
@SecurityRequirement(name = "bearer")
public class RulesController {
  private final RuleVersions rules;
  private final AdminAuditLog audit;
  private final ScenarioSuite suite;
  private final ReferenceSimulation references;

  public RulesController(
      Platform platform,
      AdminAuditLog audit,
      @Value("${TRADEPLAN_SCENARIOS_DIR:rules/scenarios}") String scenarios,
      @Value("${TRADEPLAN_REFERENCE_DIR:rules/reference}") String referenceDir) {
    this.rules = platform.rules();
    this.audit = audit;
    this.suite = new ScenarioSuite(Path.of(scenarios));
    this.references = new ReferenceSimulation(Path.of(referenceDir));
  }

  public record VersionJson(
      int number,
      String contentHash,
      String author,
      String createdAt,
      String message,
      Integer parent,
      TestJson lastTest,
      boolean deployed,
      List<String> canaryFor,
      List<String> pinnedBy,
      AttachedJson attached) {}

  /**
   * What a version carries besides its DRL files: its attached scenario files' paths and its
   * reference ({@code referenceName} a folder on the server, or {@code referenceFiles} its own
   * files); {@code hash} their content hash (null with nothing attached).
   */
  public record AttachedJson(
      String hash, List<String> scenarios, String referenceName, boolean referenceFiles) {}

  /** The canary running: its version, its users, who started it and when. */
  public record CanaryJson(int version, List<String> users, String actor, String at) {}

  public record TestJson(boolean passed, String summary, String actor, String at) {}

  public record Versions(int deployed, CanaryJson canary, List<VersionJson> versions) {}

  /** A version, its DRL files and its attachments (path to text, scenarios and reference). */
  public record VersionWithFiles(
      VersionJson version, Map<String, String> files, Map<String, String> attachments) {}

  public record DiffJson(
      int from,
      int to,
      List<String> added,
      List<String> removed,
      List<String> changed,
      String unified) {}

  /**
   * A draft: its DRL files, and optionally its attached scenarios (file name under {@code
   * scenarios/} to text; absent: the parent's) and reference (absent: the parent's).
   */
  public record NewDraft(
      Map<String, String> files,
      String message,
      Integer parent,
      Map<String, String> scenarios,
      ReferenceJson reference) {}

  /**
   * A version's reference: {@code name} of a folder on the server, or its own {@code plans}
   * (PLANS.json) and {@code ticks} (TICKS.csv) as text; neither: no reference of its own.
   */
  public record ReferenceJson(String name, String plans, String ticks) {}

  public record ProblemJson(String file, int line, int column, String rule, String message) {}

  public record Validation(boolean ok, List<ProblemJson> problems) {}

  /** A scenario's outcome; {@code attached}: one of the version's own, not the shipped suite's. */
  public record ScenarioJson(
      String name, String file, String verdict, List<String> report, boolean attached) {}

  /**
   * A test: {@code passed} and {@code summary} are the scenario suite's; {@code reference} the
   * reference simulation under the deployed version and this one with its per-plan differences
   * ({@link ReferenceSimulation}; shown, not judged), null when the version does not compile.
   */
  public record TestRun(
      boolean passed,
      String summary,
      List<ProblemJson> problems,
      List<ScenarioJson> scenarios,
      JsonNode reference) {}

  /**
   * A deploy's options: {@code override} the reason to deploy without a green test; {@code reason}
   * why (audited); {@code canary} user names: deploy to them only.
   */
  public record DeployRequest(String override, String reason, List<String> canary) {}

  public record RollbackRequest(int version, String override, String reason) {}

  /** Why a canary is promoted or aborted (audited); {@code override} as for a deploy. */
  public record CanaryRequest(String override, String reason) {}

  public record DeployAnswer(
      boolean deployed,
      int version,
      String reason,
      boolean overridden,
      List<String> canary,
      Map<String, String> members) {}

  @Operation(
      summary = "Every version (newest first), the deployed one, and the open plans pinning each")
  @GetMapping("/versions")
  public Versions versions() {
    int deployed = rules.deployed();
    Optional<RuleSetCanary> canary = rules.canary();
    Map<Integer, List<String>> pins = rules.pins();
    List<VersionJson> out = new ArrayList<>();
    for (RuleVersion v : rules.list(200)) {
      out.add(json(v, deployed, canary, pins.getOrDefault(v.number(), List.of())));
    }
    return new Versions(
        deployed,
        canary
            .map(c -> new CanaryJson(c.number(), c.users(), c.actor(), c.at().toString()))
            .orElse(null),
        out);
  }

  @Operation(summary = "One version with its DRL files")
  @GetMapping("/versions/{number}")
  public VersionWithFiles version(@PathVariable int number) {
    RuleVersion v = existing(number);
    return new VersionWithFiles(
        json(v, rules.deployed(), rules.canary(), rules.pins().getOrDefault(number, List.of())),
        rules.sourcesOf(number),
        rules.attachmentsOf(number).files());
  }

  @Operation(
      summary = "The rule files that differ from one version to another, with their unified diff",
      description =
          "Files added, removed and changed from version {number} to version {other}, and the"
              + " unified diff of each (three lines of context). 404 when either does not exist.")
  @GetMapping("/versions/{number}/diff/{other}")
  public DiffJson diff(@PathVariable int number, @PathVariable int other) {
    existing(number);
    existing(other);
    RuleDiff d = RuleDiff.between(rules.sourcesOf(number), rules.sourcesOf(other));
    return new DiffJson(number, other, d.added(), d.removed(), d.changed(), d.unified());
  }

  @Operation(
      summary = "Store DRL files as a new draft version",
      description =
          "Body {files: {path: text}, message, parent}. 201 with the version, 422 with problems.")
  @PostMapping(path = "/versions", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Object> create(Authentication caller, @RequestBody NewDraft body) {
    RuleVersions.Draft d =
        rules.createDraft(
            body.files(),
            caller.getName(),
            body.message(),
            body.parent(),
            body.scenarios(),
            reference(body.reference()));
    if (!d.attachmentProblems().isEmpty()) {
      throw new ApiException(
          Problems.badRequest(
              String.join(
                  "; ",
                  d.attachmentProblems().stream()
                      .map(p -> p.file().isEmpty() ? p.message() : p.file() + ": " + p.message())
                      .toList())));
    }
    if (d.version() == null) {
      return ResponseEntity.unprocessableEntity().body(new Validation(false, json(d.problems())));
    }
    audit.record(
        caller.getName(),
        "rules.draft",
        "version " + d.version().number(),
        details("message", body.message(), "parent", body.parent()));
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(json(d.version(), rules.deployed(), Optional.empty(), List.of()));
  }

  /** The reference a draft asks for: null keeps the parent's, neither name nor files none. */
  private static RuleAttachments reference(ReferenceJson r) {
    if (r == null) {
      return null;
    }
    Map<String, String> files = new LinkedHashMap<>();
    if (r.plans() != null) {
      files.put(RuleAttachments.REFERENCE_PLANS, r.plans());
    }
    if (r.ticks() != null) {
      files.put(RuleAttachments.REFERENCE_TICKS, r.ticks());
    }
    return new RuleAttachments(files, r.name());
  }

  @Operation(summary = "Compile errors (file:line:column, rule) and policy breaches of a version")
  @PostMapping("/versions/{number}/validate")
  public Validation validate(@PathVariable int number) {
    existing(number);
    List<Problem> problems = rules.validate(number);
    return new Validation(problems.isEmpty(), json(problems));
  }

  @Operation(
      summary =
          "Run the shipped scenario suite and the version's attached scenarios against a version"
              + " (recorded and audited) and the reference simulation under the deployed version"
              + " and this one",
      description =
          "The reference is ?reference=NAME (a folder on the server) when given, else the"
              + " version's own (its files or the name it carries), else 'default'.")
  @PostMapping("/versions/{number}/test")
  public TestRun test(
      Authentication caller,
      @PathVariable int number,
      @RequestParam(name = "reference", required = false) String reference) {
    existing(number);
    RuleAttachments attached = rules.attachmentsOf(number);
    TestRun run;
    try {
      RuleSet compiled = rules.compileForTest(number);
      ScenarioSuite.Result r = suite.run(compiled, attached.scenarios());
      int deployed = rules.deployed();
      JsonNode differences;
      try {
        differences =
            references.compareFor(
                reference, attached, deployed, rules.compileForTest(deployed), number, compiled);
      } catch (IllegalArgumentException e) {
        throw new ApiException(Problems.badRequest(e.getMessage()));
      }
      run =
          new TestRun(
              r.passed(),
              r.summary(),
              List.of(),
              r.outcomes().stream()
                  .map(
                      o ->
                          new ScenarioJson(
                              o.outcome().name(),
                              o.outcome().file(),
                              o.outcome().verdict().label(),
                              o.outcome().report(),
                              o.attached()))
                  .toList(),
              differences);
    } catch (RuleCompilationException e) {
      run =
          new TestRun(
              false,
              e.problems().size() + " problems: not compiled",
              json(e.problems()),
              List.of(),
              null);
    }
    rules.recordTest(number, run.passed(), run.summary(), caller.getName());
    audit.record(
        caller.getName(),
        "rules.test",
        "version " + number,
        details("passed", run.passed(), "summary", run.summary()));
    return run;
  }

  @Operation(
      summary = "Deploy a version cluster-wide, or as a canary to chosen users (audited)",
      description =
          "Body {override: reason, reason: why, canary: [user names]} (all optional): a version"
              + " whose last test was not green is deployed only with an override reason. With"
              + " canary, only those users' plans activated from now on take the version, everyone"
              + " else's the deployed one (promote or abort it under /api/rules/canary). 409 with"
              + " the reason when refused.")
  @PostMapping("/versions/{number}/deploy")
  public ResponseEntity<DeployAnswer> deploy(
      Authentication caller,
      @PathVariable int number,
      @RequestBody(required = false) DeployRequest body) {
    DeployRequest b = body == null ? new DeployRequest(null, null, null) : body;
    if (b.canary() != null) {
      return canary(caller, number, b);
    }
    return carryOut(caller, number, b.override(), b.reason(), "rules.deploy");
  }

  @Operation(summary = "Roll back: deploy an earlier version (audited)")
  @PostMapping(path = "/rollback", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<DeployAnswer> rollback(
      Authentication caller, @RequestBody RollbackRequest body) {
    if (body.version() >= rules.deployed()) {
      throw new ApiException(
          Problems.badRequest(
              "a rollback deploys an earlier version than the deployed " + rules.deployed()));
    }
    return carryOut(caller, body.version(), body.override(), body.reason(), "rules.rollback");
  }

  @Operation(
      summary = "Promote the canary: deploy its version to everyone (audited)",
      description = "Body {override, reason} (optional). 409 when no canary runs or it is refused.")
  @PostMapping("/canary/promote")
  public ResponseEntity<DeployAnswer> promote(
      Authentication caller, @RequestBody(required = false) CanaryRequest body) {
    CanaryRequest b = body == null ? new CanaryRequest(null, null) : body;
    Optional<RuleSetCanary> running = rules.canary();
    if (running.isEmpty()) {
      return noCanary();
    }
    return carryOut(
        caller, running.get().number(), b.override(), b.reason(), "rules.canary.promote");
  }

  @Operation(
      summary = "Abort the canary: its users' new plans take the deployed version again (audited)",
      description =
          "Body {reason} (optional). Plans pinned to the canary's version run on it until they"
              + " end. 409 when no canary runs.")
  @PostMapping("/canary/abort")
  public ResponseEntity<DeployAnswer> abort(
      Authentication caller, @RequestBody(required = false) CanaryRequest body) {
    Optional<RuleSetCanary> ended = rules.abortCanary();
    if (ended.isEmpty()) {
      return noCanary();
    }
    RuleSetCanary c = ended.get();
    Map<String, Object> details = changedFiles(rules.deployed(), c.number());
    details.put("users", c.users());
    details.put("reason", body == null ? null : body.reason());
    audit.record(caller.getName(), "rules.canary.abort", "version " + c.number(), details);
    return ResponseEntity.ok(
        new DeployAnswer(false, c.number(), "canary aborted", false, c.users(), Map.of()));
  }

  private ResponseEntity<DeployAnswer> noCanary() {
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .body(new DeployAnswer(false, 0, "no canary runs", false, List.of(), Map.of()));
  }

  /** A canary deploy of {@code number} to {@code b.canary()}, audited either way. */
  private ResponseEntity<DeployAnswer> canary(Authentication caller, int number, DeployRequest b) {
    existing(number);
    DeployResult r = rules.deployCanary(number, b.canary(), caller.getName(), b.override());
    Map<String, Object> details = changedFiles(rules.deployed(), number);
    details.put("users", b.canary());
    details.put("reason", b.reason());
    if (r instanceof DeployResult.Deployed d) {
      details.put("members", d.answers());
      if (d.overridden()) {
        details.put("override", b.override());
      }
      audit.record(caller.getName(), "rules.canary", "version " + number, details);
      List<String> users = rules.canary().map(RuleSetCanary::users).orElse(b.canary());
      return ResponseEntity.ok(
          new DeployAnswer(true, number, null, d.overridden(), users, d.answers()));
    }
    DeployResult.Refused refused = (DeployResult.Refused) r;
    details.put("refused", refused.reason());
    audit.record(caller.getName(), "rules.canary.refused", "version " + number, details);
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .body(
            new DeployAnswer(
                false, number, refused.reason(), false, b.canary(), refused.answers()));
  }

  private ResponseEntity<DeployAnswer> carryOut(
      Authentication caller, int number, String override, String reason, String action) {
    existing(number);
    int before = rules.deployed();
    Optional<RuleSetCanary> canaryBefore = rules.canary();
    DeployResult r = rules.deploy(number, caller.getName(), override);
    Map<String, Object> details = changedFiles(before, number);
    details.put("reason", reason);
    if (r instanceof DeployResult.Deployed d) {
      details.put("members", d.answers());
      if (d.overridden()) {
        details.put("override", override);
      }
      canaryBefore.ifPresent(
          c -> details.put("canaryEnded", "version " + c.number() + " for " + c.users()));
      audit.record(caller.getName(), action, "version " + number, details);
      return ResponseEntity.ok(
          new DeployAnswer(true, number, null, d.overridden(), List.of(), d.answers()));
    }
    DeployResult.Refused refused = (DeployResult.Refused) r;
    details.put("refused", refused.reason());
    audit.record(caller.getName(), action + ".refused", "version " + number, details);
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .body(
            new DeployAnswer(false, number, refused.reason(), false, List.of(), refused.answers()));
  }

  @Operation(summary = "The latest rule-set actions of the audit log (newest first, at most 200)")
  @GetMapping("/audit")
  public List<AdminAuditLog.Entry> audit() {
    return audit.latest(200).stream().filter(e -> e.action().startsWith("rules.")).toList();
  }

  /** The files added, removed and changed from the deployed version to {@code number}. */
  private Map<String, Object> changedFiles(int from, int to) {
    RuleDiff d = RuleDiff.between(rules.sourcesOf(from), rules.sourcesOf(to));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("from", from);
    details.put("added", d.added());
    details.put("removed", d.removed());
    details.put("changed", d.changed());
    return details;
  }

  private RuleVersion existing(int number) {
    return rules
        .find(number)
        .orElseThrow(
            () ->
                new ApiException(
                    Problems.of(
                        HttpStatus.NOT_FOUND, "not-found", "no rule-set version " + number)));
  }

  private static Map<String, Object> details(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put(k1, v1);
    d.put(k2, v2);
    return d;
  }

  private static VersionJson json(
      RuleVersion v, int deployed, Optional<RuleSetCanary> canary, List<String> pinnedBy) {
    return new VersionJson(
        v.number(),
        v.contentHash(),
        v.author(),
        v.createdAt().toString(),
        v.message(),
        v.parent(),
        v.lastTest() == null
            ? null
            : new TestJson(
                v.lastTest().passed(),
                v.lastTest().summary(),
                v.lastTest().actor(),
                v.lastTest().at().toString()),
        v.number() == deployed,
        canary.filter(c -> c.number() == v.number()).map(RuleSetCanary::users).orElse(List.of()),
        pinnedBy,
        v.attached() == null
            ? new AttachedJson(null, List.of(), null, false)
            : new AttachedJson(
                v.attached().hash(),
                v.attached().scenarios(),
                v.attached().referenceName(),
                v.attached().referenceFiles()));
  }

  private static List<ProblemJson> json(List<Problem> problems) {
    return problems.stream()
        .map(p -> new ProblemJson(p.file(), p.line(), p.column(), p.rule(), p.message()))
        .toList();
  }
}
