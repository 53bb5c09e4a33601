package com.tradeplan.server.analysis;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.formats.FormatException;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.RuleVersions;
import com.tradeplan.runtime.UserAccounts;
import com.tradeplan.server.account.AccountCommissionPlans;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.report.ComparisonReport;
import com.tradeplan.simulator.report.RunComparison;
import com.tradeplan.store.RuleSetRepository.RuleVersion;
import io.swagger.v3.oas.annotations.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
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
 * The analyst's workbench over HTTP (role ANALYST, docs/api.md "Analysis"): submit a simulation job
 * with its files and options, watch and cancel it, read its reports, compare two runs, and the
 * rule-set versions a job may use. Analysts share one workbench: every analyst sees every job.
 */
@RestController
@RequestMapping(path = "/api/analysis", produces = MediaType.APPLICATION_JSON_VALUE)
public class AnalysisController {
  private final SimulationJobs jobs;
  private final RuleVersions rules;
  private final AccountCommissionPlans commissionPlans;

  public AnalysisController(
      SimulationJobs jobs, Platform platform, AccountCommissionPlans commissionPlans) {
    this.jobs = jobs;
    this.rules = platform.rules();
    this.commissionPlans = commissionPlans;
  }

  /**
   * A job's request: the files' texts (and names, for messages), the rule-set version (absent: the
   * deployed one when the job starts), and the fill model. The commission is a model's notation
   * ({@code commission}, e.g. {@code ib-tiered}) or the plan of an IB account ({@code
   * commissionAccount}: its own, else the platform's, resolved when the job is submitted and kept
   * as its notation), at most one of them; neither: none.
   */
  public record JobBody(
      String plansFile,
      String plans,
      String ticksFile,
      String ticks,
      Integer ruleVersion,
      Long maxFillPerTick,
      String commission,
      Integer latencyTicks,
      Boolean gate,
      String commissionAccount) {

    /** This body priced by {@code notation} instead of an account. */
    JobBody withCommission(String notation) {
      return new JobBody(
          plansFile,
          plans,
          ticksFile,
          ticks,
          ruleVersion,
          maxFillPerTick,
          notation,
          latencyTicks,
          gate,
          null);
    }
  }

  /**
   * The body with its {@code commissionAccount}'s plan as its commission (the plan sizing prices
   * that account with, docs/risk.md "Commissions"); 422 naming {@code commissionAccount} when it is
   * not an account code or comes with a {@code commission} too.
   */
  private JobBody pricedByAccount(JobBody body) {
    if (body == null || body.commissionAccount() == null) {
      return body;
    }
    String problem =
        body.commission() != null
            ? "give commission or commissionAccount, not both"
            : UserAccounts.ACCOUNT.matcher(body.commissionAccount()).matches()
                ? null
                : "must be an account code, 1 to 32 letters or digits";
    if (problem != null) {
      throw new ApiException(
          Problems.invalid(List.of(new FieldError("commissionAccount", problem))));
    }
    return body.withCommission(commissionPlans.planOf(body.commissionAccount()).model().spec());
  }

  /** A sweep: the base job, the stop offsets, and the fill option with its values. */
  public record SweepBody(
      JobBody base, List<String> stopOffsets, String fillOption, List<Long> fillValues) {}

  /** A sweep queued: its id and its child jobs. */
  public record SweepStarted(String id, List<String> jobs) {}

  public record VersionJson(int number, boolean deployed, String message, String createdAt) {}

  public record Versions(int deployed, List<VersionJson> versions) {}

  @Operation(summary = "The rule-set versions a job may run (deployed, earlier and drafts)")
  @GetMapping("/versions")
  public Versions versions() {
    int deployed = rules.deployed();
    List<VersionJson> out = new ArrayList<>();
    for (RuleVersion v : rules.list(200)) {
      out.add(
          new VersionJson(
              v.number(), v.number() == deployed, v.message(), v.createdAt().toString()));
    }
    return new Versions(deployed, out);
  }

  @Operation(
      summary =
          "Submit a simulation job (202 with the job; 413 naming a file over its bound;"
              + " 422 naming every invalid field; 429 when the workers and their queue are full)")
  @PostMapping(path = "/jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<SimulationJobs.JobView> submit(
      Authentication caller, @RequestBody JobBody body) {
    SimulationJobs.Submitted s =
        jobs.submit(
            caller.getName(),
            request(pricedByAccount(body), jobs.settings(), n -> rules.find(n).isPresent()));
    if (!s.accepted()) {
      throw busy(s.refusal());
    }
    return ResponseEntity.accepted().body(jobs.find(s.jobs().get(0).id()).orElseThrow());
  }

  @Operation(summary = "The newest jobs first (limit 1..500, default 100)")
  @GetMapping("/jobs")
  public List<SimulationJobs.JobView> list(@RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > 500) {
      throw new ApiException(
          Problems.badRequest(
              "limit must be 1 to 500", List.of(new FieldError("limit", "must be 1 to 500"))));
    }
    return jobs.list(limit);
  }

  @Operation(summary = "One job: status, ticks done of the total, an estimate of the time left")
  @GetMapping("/jobs/{id}")
  public SimulationJobs.JobView job(@PathVariable String id) {
    return jobs.find(id).orElseThrow(() -> notFound(id));
  }

  @Operation(summary = "Cancel a queued or running job (202; 409 when it already ended)")
  @PostMapping("/jobs/{id}/cancel")
  public ResponseEntity<SimulationJobs.JobView> cancel(@PathVariable String id) {
    SimulationJobs.JobView v = jobs.find(id).orElseThrow(() -> notFound(id));
    if (!jobs.cancel(id)) {
      throw new ApiException(
          Problems.of(
              HttpStatus.CONFLICT, "refused", "job " + id + " already ended " + v.status()));
    }
    return ResponseEntity.accepted().body(jobs.find(id).orElseThrow());
  }

  @Operation(summary = "A DONE job's report as one self-contained HTML page")
  @GetMapping(path = "/jobs/{id}/report", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> reportHtml(@PathVariable String id) {
    return text(jobs, id, SimulationJobs.Text.REPORT_HTML, MediaType.TEXT_HTML);
  }

  @Operation(summary = "A DONE job's report as JSON (the CLI's --report-json)")
  @GetMapping("/jobs/{id}/report.json")
  public ResponseEntity<String> reportJson(@PathVariable String id) {
    return text(jobs, id, SimulationJobs.Text.REPORT_JSON, MediaType.APPLICATION_JSON);
  }

  @Operation(summary = "A DONE job's RESULT.json (spec/simulator-io.md)")
  @GetMapping("/jobs/{id}/result.json")
  public ResponseEntity<String> resultJson(@PathVariable String id) {
    return text(jobs, id, SimulationJobs.Text.RESULT_JSON, MediaType.APPLICATION_JSON);
  }

  @Operation(
      summary =
          "Two DONE jobs side by side (B minus A): plans that ended differently, the first"
              + " divergent event and its rule, every statistic")
  @GetMapping("/compare")
  public ResponseEntity<String> compare(@RequestParam String a, @RequestParam String b) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(ComparisonReport.json(comparison(a, b)));
  }

  @Operation(summary = "The comparison as one HTML page")
  @GetMapping(path = "/compare.html", produces = MediaType.TEXT_HTML_VALUE)
  public ResponseEntity<String> compareHtml(@RequestParam String a, @RequestParam String b) {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .body(ComparisonReport.html(comparison(a, b)));
  }

  @Operation(
      summary =
          "Run one plan set over a grid: stop offsets x values of one fill option, each a"
              + " child job in the worker pool (202; 422 naming every bad field; 429 when the cells"
              + " do not all fit, none queued)")
  @PostMapping(path = "/sweeps", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<SweepStarted> sweep(Authentication caller, @RequestBody SweepBody body) {
    if (body.base() == null) {
      throw new ApiException(
          Problems.invalid(List.of(new FieldError("base", "is required: a job's request"))));
    }
    JobRequest base =
        request(pricedByAccount(body.base()), jobs.settings(), n -> rules.find(n).isPresent());
    List<FieldError> errors = new ArrayList<>();
    List<JobRequest> cells =
        Sweeps.cells(
            base,
            body.stopOffsets(),
            body.fillOption(),
            body.fillValues(),
            jobs.settings().sweepCells(),
            errors);
    if (!errors.isEmpty()) {
      throw new ApiException(Problems.invalid(errors));
    }
    String id = java.util.UUID.randomUUID().toString();
    SimulationJobs.Submitted s = jobs.submitAll(caller.getName(), id, cells);
    if (!s.accepted()) {
      throw busy(s.refusal());
    }
    return ResponseEntity.accepted()
        .body(new SweepStarted(id, s.jobs().stream().map(SimulationJob::id).toList()));
  }

  @Operation(summary = "A sweep's results table: one row per cell with its job's statistics")
  @GetMapping("/sweeps/{id}")
  public Sweeps.Table sweepTable(@PathVariable String id) {
    return jobs.sweep(id).orElseThrow(() -> notFound(id));
  }

  @Operation(summary = "A heat map (SVG) of one statistic over the sweep's two parameters")
  @GetMapping(path = "/sweeps/{id}/heatmap.svg", produces = "image/svg+xml")
  public ResponseEntity<String> heatMap(
      @PathVariable String id, @RequestParam(defaultValue = "realizedPnl") String statistic) {
    if (!com.tradeplan.simulator.report.Statistics.NAMES.contains(statistic)) {
      throw new ApiException(
          Problems.badRequest(
              "unknown statistic",
              List.of(
                  new FieldError(
                      "statistic",
                      "must be one of " + com.tradeplan.simulator.report.Statistics.NAMES))));
    }
    Sweeps.Table t = jobs.sweep(id).orElseThrow(() -> notFound(id));
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("image/svg+xml"))
        .body(t.heatMap(statistic));
  }

  private RunComparison comparison(String a, String b) {
    SimulationJobs.Comparison c = jobs.compare(a, b);
    if (c.comparison() != null) {
      return c.comparison();
    }
    HttpStatus status =
        c.problem().equals("not-found") ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
    throw new ApiException(Problems.of(status, c.problem(), c.detail()));
  }

  static ResponseEntity<String> text(
      SimulationJobs jobs, String id, SimulationJobs.Text which, MediaType type) {
    SimulationJobs.JobView v = jobs.find(id).orElseThrow(() -> notFound(id));
    return jobs.text(id, which)
        .map(
            t ->
                ResponseEntity.ok()
                    .contentType(new MediaType(type, StandardCharsets.UTF_8))
                    .body(t))
        .orElseThrow(
            () ->
                new ApiException(
                    Problems.of(
                        HttpStatus.CONFLICT,
                        "not-done",
                        "job " + id + " is " + v.status() + ": only a DONE job has reports")));
  }

  /**
   * The job a body asks for, or the problem with it: 413 naming each file over its bound, 422
   * naming every invalid field (the plans file is parsed here, so a malformed one is refused before
   * it queues; a malformed tick row fails the job with its line).
   */
  static JobRequest request(
      JobBody body, AnalysisSettings settings, java.util.function.IntPredicate versionExists) {
    List<FieldError> tooLarge = new ArrayList<>();
    checkSize(tooLarge, "ticks", body.ticks(), settings.ticksBytes());
    checkSize(tooLarge, "plans", body.plans(), settings.plansBytes());
    if (!tooLarge.isEmpty()) {
      ProblemDetail p = Problems.badRequest("a file is larger than this server takes", tooLarge);
      p.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
      p.setTitle(HttpStatus.PAYLOAD_TOO_LARGE.getReasonPhrase());
      p.setType(java.net.URI.create(Problems.BASE + "too-large"));
      throw new ApiException(p);
    }
    List<FieldError> errors = new ArrayList<>();
    String plansName = name(body.plansFile(), "PLANS.json");
    String ticksName = name(body.ticksFile(), "TICKS.csv");
    if (body.plans() == null || body.plans().isBlank()) {
      errors.add(new FieldError("plans", "is required: the text of a PLANS.json"));
    } else {
      try {
        PlansJson.parse(plansName, body.plans());
      } catch (FormatException e) {
        errors.add(new FieldError("plans", e.getMessage()));
      }
    }
    if (body.ticks() == null || body.ticks().isBlank()) {
      errors.add(new FieldError("ticks", "is required: the text of a TICKS.csv"));
    }
    if (body.ruleVersion() != null && !versionExists.test(body.ruleVersion())) {
      errors.add(new FieldError("ruleVersion", "no rule-set version " + body.ruleVersion()));
    }
    SimulationOptions options = options(body, errors);
    if (!errors.isEmpty()) {
      throw new ApiException(Problems.invalid(errors));
    }
    return new JobRequest(
        plansName, body.plans(), ticksName, body.ticks(), body.ruleVersion(), options, null);
  }

  /** The fill model of a body, its field errors added to {@code errors} (null then). */
  static SimulationOptions options(JobBody body, List<FieldError> errors) {
    CommissionModel commission = CommissionModel.NONE;
    if (body.commission() != null) {
      try {
        commission = CommissionModel.parse(body.commission());
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("commission", e.getMessage()));
      }
    }
    if (body.maxFillPerTick() != null && body.maxFillPerTick() < 1) {
      errors.add(new FieldError("maxFillPerTick", "must be at least 1 (absent: whole fills)"));
    }
    int latency = body.latencyTicks() == null ? 0 : body.latencyTicks();
    if (latency < 0 || latency > SimulationOptions.LATENCY_TICKS_MAX) {
      errors.add(
          new FieldError("latencyTicks", "must be 0 to " + SimulationOptions.LATENCY_TICKS_MAX));
    }
    if (!errors.isEmpty()) {
      return null;
    }
    return new SimulationOptions(
        body.maxFillPerTick(), commission, body.gate() == null || body.gate(), latency);
  }

  private static void checkSize(List<FieldError> out, String field, String text, long max) {
    if (text != null && text.getBytes(StandardCharsets.UTF_8).length > max) {
      out.add(new FieldError(field, "is larger than " + max + " bytes"));
    }
  }

  private static String name(String given, String fallback) {
    if (given == null || given.isBlank()) {
      return fallback;
    }
    String n = given.strip();
    return n.length() > 200 ? n.substring(0, 200) : n;
  }

  static ApiException busy(String detail) {
    HttpHeaders h = new HttpHeaders();
    h.set(HttpHeaders.RETRY_AFTER, "5");
    return new ApiException(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "analysis-busy", detail), h);
  }

  static ApiException notFound(String id) {
    return new ApiException(Problems.of(HttpStatus.NOT_FOUND, "not-found", "no job " + id));
  }
}
