package com.tradeplan.server.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.engine.RuleAttachments;
import com.tradeplan.engine.RuleCompilationException.Problem;
import com.tradeplan.engine.RuleSources;
import com.tradeplan.server.client.ServerApi;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./tradeplan rules list|show|validate|test|deploy|promote|abort|rollback|diff}: the
 * strategy admin's workflow (docs/rules.md, "The command line") against a running server, through
 * the same {@code /api/rules} endpoints as the web UI, so rules can live in a git repository with
 * their own CI. The server and the caller (role STRATEGY_ADMIN) are {@link ServerApi}'s: {@code
 * --server URL} or {@code TRADEPLAN_URL}; {@code TRADEPLAN_TOKEN}, or {@code TRADEPLAN_USER} and
 * {@code TRADEPLAN_PASSWORD}.
 *
 * <p>A command on a folder uploads its {@code .drl} files ({@link RuleDirectory}), with the
 * scenarios of its {@code scenarios/} folder and the reference of its {@code reference/} folder
 * attached, as a draft whose parent is the deployed version, unless a stored version already has
 * exactly these files and attachments (same content hashes): then that version is used, so running
 * {@code validate}, {@code test} and {@code deploy} on one folder makes one version, not three.
 * What may be deployed is the server's decision alone: this command prints its answers.
 *
 * <p>Exit codes: 0 done (validated without problems, test green, deployed), 1 refused or failed
 * (the server's problem, the problems found, the failed scenarios printed), 2 a usage error (the
 * bad argument named), 3 the server could not be reached. Nothing is retried.
 *
 * <p>What was typed is read by {@link RulesCommandLine}; the answers are printed by {@link
 * RulesCliOutput}.
 */
public final class RulesCli {
  /**
   * How long one request may take: a test runs the whole scenario suite and a deploy waits up to
   * {@code RuleVersions.DEPLOY_TIMEOUT} (60 s) for every member.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerApi api;
  private final PrintStream out;
  private final PrintStream err;

  private RulesCli(ServerApi api, PrintStream out, PrintStream err) {
    this.api = api;
    this.out = out;
    this.err = err;
  }

  /** A folder of rule files as given and as read, with its attached scenarios and reference. */
  record Folder(Path dir, RuleDirectory.Read read, RuleDirectory.Read attachments) {}

  /** Runs one command; returns the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 1 && Set.of("help", "-h", "--help").contains(args[0])) {
      out.println(RulesCommandLine.USAGE);
      return 0;
    }
    RulesCommandLine.Parsed parsed = RulesCommandLine.parse(args);
    if (parsed.usageError() != null) {
      err.println(parsed.usageError() + "\n" + RulesCommandLine.USAGE);
      return 2;
    }
    RulesCommandLine.Command c = parsed.command();
    Folder folder = null;
    if (RulesCommandLine.ON_A_FOLDER.contains(c.name())) {
      Path dir = Path.of(c.operands().get(0));
      if (!Files.isDirectory(dir)) {
        err.println(
            "rules " + c.name() + ": " + dir + " is not a folder\n" + RulesCommandLine.USAGE);
        return 2;
      }
      RuleDirectory.Read read;
      RuleDirectory.Read attachments;
      try {
        read = RuleDirectory.read(dir);
        attachments = RuleDirectory.readAttachments(dir);
      } catch (IOException e) {
        err.println("rules " + c.name() + ": " + dir + " could not be read: " + e);
        return 1;
      }
      if (read.files().isEmpty() && read.problems().isEmpty()) {
        err.println(
            "rules " + c.name() + ": " + dir + " holds no .drl file\n" + RulesCommandLine.USAGE);
        return 2;
      }
      List<Problem> problems = new ArrayList<>(read.problems());
      problems.addAll(attachments.problems());
      if (!problems.isEmpty()) {
        problems.forEach(p -> out.println(shown(dir, p)));
        err.println(dir + ": " + problems.size() + " problems: nothing uploaded");
        return 1;
      }
      folder = new Folder(dir, read, attachments);
    }
    String server = ServerApi.serverUrl(c.server(), env);
    try {
      Optional<ServerApi> api = ServerApi.connect(server, env, REQUEST_TIMEOUT, err);
      if (api.isEmpty()) {
        return 1;
      }
      RulesCli cli = new RulesCli(api.get(), out, err);
      return switch (c.name()) {
        case "list" -> cli.list();
        case "show" -> cli.show(c.number(0));
        case "validate" -> cli.validate(folder, c.message());
        case "test" -> cli.test(folder, c.message());
        case "deploy" -> cli.deploy(folder, c);
        case "rollback" -> cli.rollback(c.number(0), c.overrideReason(), c.reason());
        case "promote" -> cli.deployed(cli.api.post("/api/rules/canary/promote", body(c)));
        case "abort" -> cli.aborted(cli.api.post("/api/rules/canary/abort", body(c)));
        case "diff" -> cli.diff(c.number(0), c.number(1));
        default -> throw new IllegalStateException("parsed an unknown command " + c.name());
      };
    } catch (IOException | IllegalArgumentException e) {
      err.println("could not reach " + server + ": " + e.getMessage());
      return 3;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 3;
    }
  }

  // ------------------------------------------------------------------ the commands

  private int list() throws IOException, InterruptedException {
    ServerApi.Answer a = api.get("/api/rules/versions");
    if (!a.ok()) {
      return refused(a);
    }
    RulesCliOutput.versions(a.body(), out);
    return 0;
  }

  private int show(int number) throws IOException, InterruptedException {
    ServerApi.Answer a = api.get("/api/rules/versions/" + number);
    if (!a.ok()) {
      return refused(a);
    }
    RulesCliOutput.versionWithFiles(a.body(), out);
    return 0;
  }

  private int diff(int from, int to) throws IOException, InterruptedException {
    ServerApi.Answer a = api.get("/api/rules/versions/" + from + "/diff/" + to);
    if (!a.ok()) {
      return refused(a);
    }
    String unified = a.body().get("unified").asText();
    if (unified.isEmpty()) {
      out.println("versions " + from + " and " + to + " have the same rule files");
    } else {
      out.print(unified);
    }
    return 0;
  }

  private int validate(Folder folder, String message) throws IOException, InterruptedException {
    Integer version = upload(folder, message);
    return version == null ? 1 : validated(folder.dir(), version);
  }

  /** Validates a stored version: 0 when it has no problem, else 1 with every problem printed. */
  private int validated(Path dir, int version) throws IOException, InterruptedException {
    ServerApi.Answer a = api.post("/api/rules/versions/" + version + "/validate", null);
    if (!a.ok()) {
      return refused(a);
    }
    JsonNode problems = a.body().get("problems");
    if (problems.isEmpty()) {
      out.println("version " + version + ": no problems");
      return 0;
    }
    printProblems(dir, problems);
    err.println("version " + version + ": " + problems.size() + " problems");
    return 1;
  }

  private int test(Folder folder, String message) throws IOException, InterruptedException {
    Integer version = upload(folder, message);
    if (version == null) {
      return 1;
    }
    ServerApi.Answer a = api.post("/api/rules/versions/" + version + "/test", null);
    if (!a.ok()) {
      return refused(a);
    }
    printProblems(folder.dir(), a.body().get("problems"));
    RulesCliOutput.testRun(version, a.body(), out);
    return a.body().get("passed").asBoolean() ? 0 : 1;
  }

  private int deploy(Folder folder, RulesCommandLine.Command c)
      throws IOException, InterruptedException {
    Integer version = upload(folder, c.message());
    if (version == null) {
      return 1;
    }
    if (validated(folder.dir(), version) != 0) {
      err.println("version " + version + " not deployed");
      return 1;
    }
    ServerApi.Answer test = api.post("/api/rules/versions/" + version + "/test", null);
    if (!test.ok()) {
      return refused(test);
    }
    RulesCliOutput.testRun(version, test.body(), out);
    // the server decides whether a red test with an override reason may go out
    return deployed(api.post("/api/rules/versions/" + version + "/deploy", body(c)));
  }

  private int rollback(int version, String override, String reason)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("version", version);
    if (override != null) {
      body.put("override", override);
    }
    if (reason != null) {
      body.put("reason", reason);
    }
    return deployed(api.post("/api/rules/rollback", body));
  }

  /** Prints a deploy's or a rollback's answer, each member's included; its exit code. */
  private int deployed(ServerApi.Answer a) {
    if (a.body() == null || !a.body().has("deployed")) {
      return refused(a);
    }
    RulesCliOutput.deployAnswer(a.body(), a.ok() ? out : err);
    return a.ok() && a.body().get("deployed").asBoolean() ? 0 : 1;
  }

  /** Prints an abort's answer: 0 when a canary ended, 1 when none ran (the server's words). */
  private int aborted(ServerApi.Answer a) {
    if (a.body() == null || !a.body().has("version")) {
      return refused(a);
    }
    if (!a.ok()) {
      err.println("NOT ABORTED: " + a.body().path("reason").asText());
      return 1;
    }
    List<String> users = new ArrayList<>();
    a.body().get("canary").forEach(u -> users.add(u.asText()));
    out.println(
        "CANARY ABORTED version "
            + a.body().get("version").asInt()
            + " for "
            + String.join(",", users)
            + ": their new plans take the deployed version");
    return 0;
  }

  /** A deploy's, promote's or abort's body: the override, the reason and the canary's users. */
  private static ObjectNode body(RulesCommandLine.Command c) {
    ObjectNode body = JSON.createObjectNode();
    if (c.overrideReason() != null) {
      body.put("override", c.overrideReason());
    }
    if (c.reason() != null) {
      body.put("reason", c.reason());
    }
    if (c.canary() != null) {
      c.canary().forEach(body.putArray("canary")::add);
    }
    return body;
  }

  /**
   * The version holding the folder's rule files (read and checked by {@link #run}): the stored one
   * with the same content hash, else a new draft whose parent is the deployed version. Null, with
   * the problems or the server's refusal printed, when there is none.
   */
  private Integer upload(Folder folder, String message) throws IOException, InterruptedException {
    Path dir = folder.dir();
    RuleDirectory.Read read = folder.read();
    String hash = RuleSources.of(read.files()).contentHash();
    RuleAttachments attached = new RuleAttachments(folder.attachments().files(), null);
    String attachedHash = attached.isEmpty() ? "" : attached.contentHash();
    ServerApi.Answer versions = api.get("/api/rules/versions");
    if (!versions.ok()) {
      refused(versions);
      return null;
    }
    for (JsonNode v : versions.body().get("versions")) {
      if (hash.equals(v.get("contentHash").asText())
          && attachedHash.equals(v.path("attached").path("hash").asText(""))) {
        out.println("version " + v.get("number").asInt() + " has these rule files already");
        return v.get("number").asInt();
      }
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("files", JSON.valueToTree(read.files()));
    // The folder is the whole truth: its scenarios and reference replace the parent's, none
    // included (an empty map, an empty reference).
    ObjectNode scenarios = body.putObject("scenarios");
    attached
        .scenarios()
        .forEach((p, t) -> scenarios.put(p.substring(RuleAttachments.SCENARIOS.length()), t));
    ObjectNode reference = body.putObject("reference");
    if (attached.hasReferenceFiles()) {
      reference.put("plans", attached.files().get(RuleAttachments.REFERENCE_PLANS));
      reference.put("ticks", attached.files().get(RuleAttachments.REFERENCE_TICKS));
    }
    body.put("message", message != null ? message : "uploaded from " + dir.getFileName());
    body.put("parent", versions.body().get("deployed").asInt());
    ServerApi.Answer draft = api.post("/api/rules/versions", body);
    if (draft.status() == 422 && draft.body() != null && draft.body().has("problems")) {
      printProblems(dir, draft.body().get("problems"));
      err.println(dir + ": refused as a draft");
      return null;
    }
    if (!draft.ok()) {
      refused(draft);
      return null;
    }
    int number = draft.body().get("number").asInt();
    out.println(
        "uploaded "
            + read.files().size()
            + " rule files"
            + (attached.isEmpty()
                ? ""
                : " with "
                    + attached.scenarios().size()
                    + " attached scenarios"
                    + (attached.hasReferenceFiles() ? " and a reference" : ""))
            + " as version "
            + number);
    return number;
  }

  /** Each problem as {@code DIR/FILE:LINE:COLUMN: rule "NAME": message}, one a line. */
  private void printProblems(Path dir, JsonNode problems) {
    if (problems == null) {
      return;
    }
    for (JsonNode p : problems) {
      out.println(
          shown(
              dir,
              new Problem(
                  p.path("file").asText(""),
                  p.path("line").asInt(),
                  p.path("column").asInt(),
                  p.path("message").asText(""),
                  p.hasNonNull("rule") ? p.get("rule").asText() : null)));
    }
  }

  /**
   * A problem with its file as the admin's path to it (the folder itself for a folder-wide one).
   */
  private static String shown(Path dir, Problem p) {
    String file =
        p.file() == null || p.file().isEmpty() ? dir.toString() : dir.resolve(p.file()).toString();
    return new Problem(file, p.line(), p.column(), p.message(), p.rule()).toString();
  }

  private int refused(ServerApi.Answer a) {
    err.println(a.problem());
    return 1;
  }
}
