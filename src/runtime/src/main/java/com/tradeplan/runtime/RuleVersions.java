package com.tradeplan.runtime;

import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.cluster.RuleSetCanary;
import com.tradeplan.cluster.RuleSetListener;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.strategy.StrategyCatalog;
import com.tradeplan.engine.RuleAttachments;
import com.tradeplan.engine.RuleCompilationException;
import com.tradeplan.engine.RuleCompilationException.Problem;
import com.tradeplan.engine.RulePolicy;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.RuleSets;
import com.tradeplan.engine.RuleSources;
import com.tradeplan.store.RuleSetRepository;
import com.tradeplan.store.RuleSetRepository.RuleVersion;
import com.tradeplan.store.TradeStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule-set versions as this member sees them (docs/rules.md, "Versions"): drafts made from DRL
 * files and stored ({@link RuleSetRepository}), validated (compiler and {@link RulePolicy}), loaded
 * into the engine's {@link RuleSets} by number, deployed cluster-wide through {@link
 * ClusterNode#deployRuleSet} (every member prepares the version before any uses it), and the
 * version a plan activated now is pinned to ({@link #forActivation}).
 *
 * <p>A deploy needs a green test of the version (recorded by whoever ran the scenario suite: the
 * server) unless an override with a reason is given; the caller audits it. Rollback is a deploy of
 * an earlier version. At start ({@link #loadAtStart}) the member loads the deployed version and
 * every version an open plan is pinned to, before it takes any user.
 *
 * <p>Why one class: a little over 500 lines, because the versions' life (draft with its
 * attachments, load, deploy, canary, pins) is one state machine over one repository and one
 * cluster, kept together so that the gate every deploy passes has one home.
 *
 * <p>Thread-safe. As a {@link RuleSetListener} its callbacks run on the cluster's rules thread.
 */
public final class RuleVersions implements RuleSetListener {
  private static final Logger LOG = LoggerFactory.getLogger(RuleVersions.class);

  /** How long a deploy waits for every member to prepare the version. */
  public static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);

  private final RuleSetRepository repository;
  private final TradeStore store;
  private final RuleSets sets;
  private final Supplier<ClusterNode> cluster;

  /** The deployed version as last heard here (the cluster's map is the authority). */
  private volatile int deployedHere = 1;

  RuleVersions(
      RuleSetRepository repository,
      TradeStore store,
      RuleSet shipped,
      Supplier<ClusterNode> cluster) {
    this.repository = repository;
    this.store = store;
    this.cluster = cluster;
    this.sets = RuleSets.versioned(shipped, this::compile);
    RuleSources sources = shipped.classpathSources();
    repository.ensureShipped(sources.files(), sources.contentHash());
  }

  /** The versions of the store behind {@code connection}, version 1 the kjar on the classpath. */
  static RuleVersions open(
      com.tradeplan.store.MongoConfig.MongoConnection connection,
      TradeStore store,
      Supplier<ClusterNode> cluster) {
    return new RuleVersions(
        new RuleSetRepository(connection), store, RuleSet.fromClasspath(), cluster);
  }

  /** The versions the engine's sessions are made from. */
  RuleSets sets() {
    return sets;
  }

  /** Compiles stored version {@code number} (its sources read from the store). */
  private RuleSet compile(int number) {
    RuleVersion v =
        repository
            .find(number)
            .orElseThrow(() -> new IllegalStateException("no rule-set version " + number));
    return compileSources(number, repository.sources(v.contentHash()));
  }

  /**
   * Compiles version {@code number} (2 and up) from its DRL files, path to text, as a version is
   * compiled here: the policy first, then the compiler. The one path for a server and for an
   * analysis job's own JVM, which gets the files from the server. Throws {@link
   * RuleCompilationException} with the problems.
   */
  public static RuleSet compileSources(int number, Map<String, String> files) {
    RuleSources sources = RuleSources.of(files);
    List<Problem> policy = RulePolicy.check(sources);
    if (!policy.isEmpty()) {
      throw new RuleCompilationException(policy);
    }
    return RuleSet.fromSources(number, sources);
  }

  /** Loads {@code number} into the engine's versions if it is not there yet. */
  private void load(int number) {
    if (sets.loaded(number) == null) {
      long t0 = System.nanoTime();
      sets.add(compile(number));
      LOG.info("rule-set version {} loaded in {} ms", number, (System.nanoTime() - t0) / 1_000_000);
    }
  }

  /**
   * Loads the store's deployed version and every version an open plan is pinned to, before this
   * member runs any user. A version that no longer compiles is logged and loaded on first use
   * (which then fails that plan's take-over loudly).
   */
  void loadAtStart() {
    TreeSet<Integer> wanted = new TreeSet<>(pins().keySet());
    repository.deployedNumber().ifPresent(wanted::add);
    for (int n : wanted) {
      try {
        load(n);
      } catch (RuntimeException e) {
        LOG.error("rule-set version {} could not be loaded at start", n, e);
      }
    }
    deployedHere = repository.deployedNumber().orElse(1);
  }

  /**
   * After the cluster started: the cluster's deployed version wins; a cluster without one takes the
   * store's. Then this member listens for deploys.
   */
  void joinCluster(ClusterNode node) {
    boolean cold = node.deployedRuleSet().isEmpty();
    int deployed = node.seedDeployedRuleSet(repository.deployedNumber().orElse(1));
    if (cold) {
      // A cluster started from cold runs on the canary its store recorded (every starting member
      // reads the same document, so whichever seeds first seeds the same).
      repository
          .canary()
          .ifPresent(
              c ->
                  node.seedRuleSetCanary(
                      new RuleSetCanary(c.number(), c.users(), c.actor(), c.at())));
    }
    node.ruleSetCanary().ifPresent(c -> load(c.number()));
    load(deployed);
    deployedHere = deployed;
    node.setRuleSetListener(this);
  }

  @Override
  public String prepare(int number) {
    try {
      load(number);
      return null;
    } catch (RuleCompilationException e) {
      return "version " + number + " does not compile here: " + e.getMessage();
    }
  }

  @Override
  public void deployed(int number) {
    load(number);
    deployedHere = number;
    LOG.info("rule-set version {} is deployed", number);
  }

  /**
   * The version a plan of {@code owner} activated now is pinned to: the canary's when a canary
   * covers the owner, else the cluster's deployed version (every member prepared either before it
   * was written), or this member's last known deployed version when the cluster cannot say (a
   * canary user then gets the deployed version: both were validated and deployed by an admin).
   */
  Integer forActivation(String owner) {
    ClusterNode node = cluster.get();
    if (node != null) {
      try {
        OptionalInt n = node.ruleSetFor(owner);
        if (n.isPresent()) {
          return n.getAsInt();
        }
      } catch (RuntimeException e) {
        LOG.warn("deployed rule-set version not readable from the cluster; using {}", deployedHere);
      }
    }
    return deployedHere;
  }

  /** The deployed version as the cluster says, else as last heard here. */
  private int deployedNow() {
    ClusterNode node = cluster.get();
    if (node != null) {
      try {
        OptionalInt n = node.deployedRuleSet();
        if (n.isPresent()) {
          return n.getAsInt();
        }
      } catch (RuntimeException e) {
        LOG.warn("deployed rule-set version not readable from the cluster; using {}", deployedHere);
      }
    }
    return deployedHere;
  }

  // ------------------------------------------------------------------ the admin's operations

  /**
   * A draft made, or why not: {@code problems} when the DRL files are not a rule set's sources,
   * {@code attachmentProblems} when the attachments are not acceptable (a bad path, over a bound:
   * each names the file and the limit).
   */
  public record Draft(
      RuleVersion version, List<Problem> problems, List<Problem> attachmentProblems) {}

  /** Stores {@code files} as a new version made from {@code parent}, inheriting its attachments. */
  public Draft createDraft(
      Map<String, String> files, String author, String message, Integer parent) {
    return createDraft(files, author, message, parent, null, null);
  }

  /**
   * Stores {@code files} as a new version made from {@code parent} (null: none) with attachments:
   * {@code scenarios} (file name under {@code scenarios/} to text) replaces the parent's attached
   * scenarios, null inherits them; {@code reference} (files or a name, {@link RuleAttachments#NONE}
   * for none) replaces the parent's reference, null inherits it. Refused, with the problems, when
   * the files are not a rule set's sources (no file, a bad path, too large) or the attachments are
   * not acceptable.
   */
  public Draft createDraft(
      Map<String, String> files,
      String author,
      String message,
      Integer parent,
      Map<String, String> scenarios,
      RuleAttachments reference) {
    List<Problem> problems = RuleSources.check(files);
    if (!problems.isEmpty()) {
      return new Draft(null, problems, List.of());
    }
    if (parent != null && repository.find(parent).isEmpty()) {
      return new Draft(null, List.of(new Problem("", 0, 0, "no version " + parent)), List.of());
    }
    Map<String, String> scenarioFiles = null;
    if (scenarios != null) {
      scenarioFiles = new TreeMap<>();
      for (Map.Entry<String, String> e : scenarios.entrySet()) {
        scenarioFiles.put(RuleAttachments.SCENARIOS + e.getKey(), e.getValue());
      }
    }
    RuleAttachments inherited = parent == null ? RuleAttachments.NONE : attachmentsOf(parent);
    RuleAttachments attached = inherited.replacing(scenarioFiles, reference);
    List<Problem> attachmentProblems =
        RuleAttachments.check(attached.files(), attached.referenceName());
    if (!attachmentProblems.isEmpty()) {
      return new Draft(null, List.of(), attachmentProblems);
    }
    RuleSources sources = RuleSources.of(files);
    RuleVersion v =
        attached.isEmpty()
            ? repository.create(sources.files(), sources.contentHash(), author, message, parent)
            : repository.create(
                sources.files(),
                sources.contentHash(),
                new RuleSetRepository.Attachments(attached.files(), attached.referenceName()),
                attached.contentHash(),
                author,
                message,
                parent);
    return new Draft(v, List.of(), List.of());
  }

  /** The attachments of a version ({@link RuleAttachments#NONE} without, or no such version). */
  public RuleAttachments attachmentsOf(int number) {
    return repository
        .find(number)
        .filter(v -> v.attached() != null)
        .flatMap(v -> repository.attachments(v.attached().hash()))
        .map(a -> new RuleAttachments(a.files(), a.referenceName()))
        .orElse(RuleAttachments.NONE);
  }

  public Optional<RuleVersion> find(int number) {
    return repository.find(number);
  }

  /** The DRL files of a version, path to text; empty when there is no such version. */
  public Map<String, String> sourcesOf(int number) {
    return repository.find(number).map(v -> repository.sources(v.contentHash())).orElse(Map.of());
  }

  public List<RuleVersion> list(int limit) {
    return repository.list(limit);
  }

  /**
   * Every problem of a version: the policy's first, then the compiler's (file:line:column, the
   * rule). Compiling does not load the version into the engine.
   */
  public List<Problem> validate(int number) {
    RuleSources sources = RuleSources.of(sourcesOf(number));
    List<Problem> problems = new ArrayList<>(RulePolicy.check(sources));
    if (number == 1) {
      return problems;
    }
    try {
      RuleSet compiled = RuleSet.fromSources(number, sources);
      if (sets.loaded(number) == null) {
        compiled.release();
      }
    } catch (RuleCompilationException e) {
      problems.addAll(e.problems());
    }
    return problems;
  }

  /** Compiles a version for a test run (the caller runs the scenarios on it). */
  public RuleSet compileForTest(int number) {
    RuleSet loaded = sets.loaded(number);
    return loaded != null ? loaded : compile(number);
  }

  /** Records a test run of a version (passed or not, one line on what ran). */
  public void recordTest(int number, boolean passed, String summary, String actor) {
    repository.recordTest(number, passed, summary, actor);
  }

  /** What a deploy came to. */
  public sealed interface DeployResult {
    /** Deployed cluster-wide; {@code answers}: each member's. */
    record Deployed(int number, Map<String, String> answers, boolean overridden)
        implements DeployResult {}

    /**
     * Not deployed: the reason (no such version, not green and no override, a member not ready).
     */
    record Refused(String reason, Map<String, String> answers) implements DeployResult {}
  }

  /**
   * Deploys {@code number} cluster-wide. Needs the version's last test green unless {@code
   * overrideReason} is given (non-blank). Validates first: a version with problems is never
   * deployed, override or not.
   */
  public DeployResult deploy(int number, String actor, String overrideReason) {
    Gate g = gate(number, overrideReason);
    if (g.refused() != null) {
      return g.refused();
    }
    ClusterNode.RuleSetDeploy d = g.node().deployRuleSet(number, DEPLOY_TIMEOUT);
    if (!d.switched()) {
      return new DeployResult.Refused(
          "not every member prepared version " + number + ": nothing switched", d.answers());
    }
    repository.setDeployed(number, actor);
    // The cluster ended a canary with the switch; the store follows.
    repository.clearCanary();
    return new DeployResult.Deployed(number, d.answers(), !g.green());
  }

  /**
   * Deploys {@code number} to {@code users} only (a canary): their plans activated from now on are
   * pinned to it, everyone else's to the deployed version. The same gate as {@link #deploy} (a
   * green test or an override, no problems), the same barrier (every member prepares it first).
   * Replaces a canary that runs. Promote with {@link #deploy} of the canary's version; abort with
   * {@link #abortCanary}. Plans already pinned stay pinned either way.
   */
  public DeployResult deployCanary(
      int number, List<String> users, String actor, String overrideReason) {
    List<String> names =
        users == null
            ? List.of()
            : users.stream().filter(u -> u != null && !u.isBlank()).map(String::strip).toList();
    if (names.isEmpty() || names.size() > RuleSetCanary.USERS_MAX) {
      return new DeployResult.Refused(
          "a canary names 1 to " + RuleSetCanary.USERS_MAX + " users", Map.of());
    }
    if (number == deployedNow()) {
      return new DeployResult.Refused(
          "version " + number + " is the deployed version: a canary deploys another", Map.of());
    }
    Gate g = gate(number, overrideReason);
    if (g.refused() != null) {
      return g.refused();
    }
    RuleSetCanary canary = new RuleSetCanary(number, names, actor, Instant.now());
    ClusterNode.RuleSetDeploy d = g.node().deployRuleSetCanary(canary, DEPLOY_TIMEOUT);
    if (!d.switched()) {
      return new DeployResult.Refused(
          "not every member prepared version " + number + ": no canary started", d.answers());
    }
    repository.setCanary(number, canary.users(), actor, canary.at());
    return new DeployResult.Deployed(number, d.answers(), !g.green());
  }

  /**
   * Ends the running canary: its users' new plans take the deployed version again; plans pinned to
   * the canary's version run on it until they end. Returns the canary ended, empty if none ran.
   */
  public Optional<RuleSetCanary> abortCanary() {
    Optional<RuleSetCanary> running = canary();
    ClusterNode node = cluster.get();
    if (node != null) {
      node.endRuleSetCanary();
    }
    repository.clearCanary();
    return running;
  }

  /** A deploy's gate: refused (with why), or the cluster to deploy on and whether it is green. */
  private record Gate(DeployResult.Refused refused, ClusterNode node, boolean green) {}

  /**
   * Whether {@code number} may go out: it exists, its last test is green or an override reason is
   * given, and it has no problem (never deployed with one, override or not).
   */
  private Gate gate(int number, String overrideReason) {
    RuleVersion v = repository.find(number).orElse(null);
    if (v == null) {
      return new Gate(new DeployResult.Refused("no version " + number, Map.of()), null, false);
    }
    // Version 1 is the shipped kjar, whose build ran every scenario.
    boolean green = number == 1 || (v.lastTest() != null && v.lastTest().passed());
    boolean override = overrideReason != null && !overrideReason.isBlank();
    if (!green && !override) {
      return new Gate(
          new DeployResult.Refused(
              v.lastTest() == null
                  ? "version " + number + " was never tested: test it, or override with a reason"
                  : "version "
                      + number
                      + " failed its test ("
                      + v.lastTest().summary()
                      + "): fix it, or override with a reason",
              Map.of()),
          null,
          green);
    }
    // Compiled and loaded here at once (the policy first): this member's prepare then finds it
    // loaded, so a deploy compiles once per member, not twice on the deployer.
    List<Problem> problems = List.of();
    try {
      load(number);
    } catch (RuleCompilationException e) {
      problems = e.problems();
    }
    if (!problems.isEmpty()) {
      return new Gate(
          new DeployResult.Refused(
              "version "
                  + number
                  + " has "
                  + problems.size()
                  + " problems, the first: "
                  + problems.get(0),
              Map.of()),
          null,
          green);
    }
    ClusterNode node = cluster.get();
    if (node == null) {
      return new Gate(
          new DeployResult.Refused("the cluster is not started", Map.of()), null, green);
    }
    return new Gate(null, node, green);
  }

  /**
   * The strategies of the deployed version with their parameter schemas: what a plan activated now
   * may choose (the plan form, validation). Loads the version here first if it is not yet.
   */
  public StrategyCatalog deployedStrategies() {
    return strategiesOf(deployedNow());
  }

  /**
   * The strategies of the version a plan of {@code owner} activated now is pinned to: the canary's
   * for a canary user, else the deployed one's, so that a plan is validated against the strategies
   * it will run with.
   */
  public StrategyCatalog strategiesFor(String owner) {
    return strategiesOf(forActivation(owner));
  }

  private StrategyCatalog strategiesOf(int number) {
    load(number);
    return sets.loaded(number).strategies();
  }

  /** The version deployed (the cluster's), 1 before any deploy. */
  public int deployed() {
    return deployedNow();
  }

  /** The canary running cluster-wide (else the store's record of one), if any. */
  public Optional<RuleSetCanary> canary() {
    ClusterNode node = cluster.get();
    if (node != null) {
      return node.ruleSetCanary();
    }
    return repository
        .canary()
        .map(c -> new RuleSetCanary(c.number(), c.users(), c.actor(), c.at()));
  }

  /**
   * The open plans (not ended) pinned to each version, by version (an unpinned plan counts as
   * version 1), plan ids sorted.
   */
  public Map<Integer, List<String>> pins() {
    Map<Integer, List<String>> pins = new TreeMap<>();
    for (PlanSnapshot s : store.loadMonitored().plans()) {
      int n = s.ruleSetVersion() == null ? 1 : s.ruleSetVersion();
      pins.computeIfAbsent(n, k -> new ArrayList<>()).add(s.planId());
    }
    pins.values().forEach(l -> l.sort(null));
    return pins;
  }
}
