package com.tradeplan.engine;

import com.tradeplan.domain.strategy.StrategyCatalog;
import com.tradeplan.engine.RuleCompilationException.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieBaseModel;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.internal.conf.IndexLeftBetaMemoryOption;
import org.kie.internal.conf.IndexRightBetaMemoryOption;

/**
 * A compiled, immutable rule set: one KieBase shared by every user session of this version. Built
 * once per version (compiling costs seconds; a session costs a fraction of a millisecond). Each
 * numbered version is a kjar with its own {@link ReleaseId} (docs/rules.md, "Versions"): version 1
 * is the shipped kjar on the classpath, later ones are built in process from their stored sources
 * ({@link #fromSources}). Each version carries the strategies its rule files declare ({@link
 * #strategies}, {@link StrategyHeaders}).
 */
public final class RuleSet {
  /** The kbase name of the packaged kjar (kjar/src/main/resources/META-INF/kmodule.xml). */
  public static final String KBASE = "lifecycle";

  /** Bound on the size of a rules folder compiled at run time. */
  public static final int RULE_FILES_MAX = 500;

  private static final String PROPERTY_SPECIFIC = "drools.propertySpecific";

  private static final Pattern PARSER_POSITION = Pattern.compile("Line (\\d+):(\\d+)");

  /** The groupId and artifactId of every rule-set version's kjar (the shipped one's too). */
  public static final String GROUP = "com.tradeplan";

  public static final String ARTIFACT = "tradeplan-rules";

  private final KieBase kieBase;
  private final String version;
  private final Integer number;
  private final ReleaseId releaseId;
  private final StrategyCatalog strategies;

  private RuleSet(
      KieBase kieBase,
      String version,
      Integer number,
      ReleaseId releaseId,
      StrategyCatalog strategies) {
    this.kieBase = kieBase;
    this.version = version;
    this.number = number;
    this.releaseId = releaseId;
    this.strategies = strategies;
  }

  /**
   * The rule set, once every rule is in a phase and the strategy headers of {@code sources} are
   * valid; else the kjar is forgotten and every problem thrown (files named by {@code display}).
   */
  private static RuleSet checked(
      KieBase kieBase,
      String version,
      Path dir,
      Integer number,
      ReleaseId releaseId,
      RuleSources sources,
      Function<String, String> display) {
    List<Problem> problems = rulesOutsideThePhases(kieBase, dir);
    StrategyHeaders.Parsed parsed = StrategyHeaders.parse(sources, display);
    problems.addAll(parsed.problems());
    if (!problems.isEmpty()) {
      KieServices.Factory.get().getRepository().removeKieModule(releaseId);
      throw new RuleCompilationException(problems);
    }
    return new RuleSet(kieBase, version, number, releaseId, parsed.catalog());
  }

  /**
   * A rule in no {@link LifecyclePhase} would fire after every phase of a step, out of the order
   * lifecycle.md gives: refused, with the file it is in.
   */
  private static List<Problem> rulesOutsideThePhases(KieBase kieBase, Path dir) {
    Set<String> groups = new LinkedHashSet<>();
    for (LifecyclePhase phase : LifecyclePhase.values()) {
      groups.add(phase.group());
    }
    List<Problem> problems = new ArrayList<>();
    for (KiePackage pkg : kieBase.getKiePackages()) {
      for (Rule rule : pkg.getRules()) {
        RuleImpl r = (RuleImpl) rule;
        if (!groups.contains(r.getAgendaGroup())) {
          String path = r.getResource() == null ? "" : r.getResource().getSourcePath();
          String file = path == null ? "" : path.replaceFirst("^src/main/resources/", "");
          problems.add(
              new Problem(
                  dir == null ? file : dir.resolve(file).toString(),
                  0,
                  0,
                  "rule \""
                      + rule.getName()
                      + "\" belongs to no lifecycle phase: give it a ruleflow-group, one of "
                      + String.join(", ", groups.stream().map(g -> '"' + g + '"').toList())
                      + " (docs/rules.md)"));
        }
      }
    }
    return problems;
  }

  /** The rule set packaged as a kjar on the classpath: rule-set version 1, the shipped rules. */
  public static RuleSet fromClasspath() {
    KieServices ks = KieServices.Factory.get();
    KieContainer container = ks.getKieClasspathContainer(RuleSet.class.getClassLoader());
    KieBase kieBase = kieBase(container);
    return checked(
        kieBase,
        "classpath:" + container.getReleaseId(),
        null,
        1,
        container.getReleaseId(),
        sourcesOf(kieBase),
        rel -> rel);
  }

  /**
   * Compiles every {@code .drl} file under {@code dir} (a draft rules folder) with the classic
   * compiler, which reports file, line and column for every problem. Not a numbered version: its
   * {@link #number} is null.
   */
  public static RuleSet fromDirectory(Path dir) {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".drl")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rules folder " + dir, e);
    }
    if (files.isEmpty()) {
      throw new RuleCompilationException(
          List.of(new Problem(dir.toString(), 0, 0, "no .drl file in this folder")));
    }
    if (files.size() > RULE_FILES_MAX) {
      throw new RuleCompilationException(
          List.of(
              new Problem(dir.toString(), 0, 0, "more than " + RULE_FILES_MAX + " rule files")));
    }
    Map<String, String> texts = new LinkedHashMap<>();
    for (Path f : files) {
      String rel = dir.relativize(f).toString().replace('\\', '/');
      try {
        texts.put(rel, Files.readString(f));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read rule file " + f, e);
      }
    }
    KieServices ks = KieServices.Factory.get();
    // The repository's default ReleaseId, as before versions existed: a later folder replaces it.
    ReleaseId draft = ks.getRepository().getDefaultReleaseId();
    RuleSources sources = new RuleSources(texts);
    Function<String, String> display = rel -> dir.resolve(rel).toString();
    KieBase kieBase = build(ks, draft, sources, display);
    return checked(kieBase, "folder:" + dir, dir, null, draft, sources, display);
  }

  /**
   * Builds rule-set version {@code number} from its sources, in process, as a kjar with its own
   * {@link #releaseIdOf ReleaseId} added to the {@link KieServices} repository, and loads it into a
   * {@link KieContainer}. Problems name the file as its relative path. Compiling costs from a tenth
   * of a second (warm) to seconds (the first build in a fresh JVM): build each version once and
   * share it.
   */
  public static RuleSet fromSources(int number, RuleSources sources) {
    if (number < 2) {
      throw new IllegalArgumentException(
          "version " + number + ": version 1 is the shipped kjar (fromClasspath)");
    }
    KieServices ks = KieServices.Factory.get();
    ReleaseId id = releaseIdOf(number);
    KieBase kieBase = build(ks, id, sources, rel -> rel);
    return checked(kieBase, "version:" + number, null, number, id, sources, rel -> rel);
  }

  /** The ReleaseId of a built rule-set version: {@code com.tradeplan:tradeplan-rules:N.0.0}. */
  public static ReleaseId releaseIdOf(int number) {
    return KieServices.Factory.get().newReleaseId(GROUP, ARTIFACT, number + ".0.0");
  }

  /**
   * Compiles {@code sources} as kjar {@code id} with the classic compiler, or throws {@link
   * RuleCompilationException} with every error (file named by {@code display}, line, column, the
   * rule whose text holds the line).
   */
  private static KieBase build(
      KieServices ks, ReleaseId id, RuleSources sources, Function<String, String> display) {
    KieFileSystem kfs = ks.newKieFileSystem();
    KieModuleModel module = ks.newKieModuleModel();
    // Rules re-evaluate a fact on every change (no property reactivity): the lifecycle conditions
    // read derived getters (live, uncoveredQuantity) that no setter names.
    module.setConfigurationProperty(PROPERTY_SPECIFIC, "ALLOWED");
    module
        .newKieBaseModel(KBASE)
        .setDefault(true)
        .setEventProcessingMode(org.kie.api.conf.EventProcessingOption.CLOUD)
        .newKieSessionModel("plan-session")
        .setDefault(true);
    kfs.writeKModuleXML(module.toXML());
    kfs.generateAndWritePomXML(id);
    sources.files().forEach((rel, text) -> kfs.write("src/main/resources/" + rel, text));
    KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
    List<Problem> problems = new ArrayList<>();
    for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
      String path = m.getPath() == null ? "" : m.getPath().replaceFirst("^src/main/resources/", "");
      int line = m.getLine();
      int column = m.getColumn();
      // Parser errors carry their position only in the text ("Line 7:46 no viable ..."), 0-based.
      Matcher at = PARSER_POSITION.matcher(m.getText());
      if (column <= 0 && at.find()) {
        line = Integer.parseInt(at.group(1));
        column = Integer.parseInt(at.group(2)) + 1;
      }
      problems.add(
          new Problem(display.apply(path), line, column, m.getText(), sources.ruleAt(path, line)));
    }
    if (!problems.isEmpty()) {
      ks.getRepository().removeKieModule(id);
      throw new RuleCompilationException(problems);
    }
    return kieBase(ks.newKieContainer(id));
  }

  /**
   * The container's rule base with the options of its kmodule.xml and Drools' beta-memory hash
   * indexes on, said explicitly because turning them off looks like a saving and is not. Off, every
   * join tests its constraint against every tuple of the other side: a session's cost per woken
   * tick grows with the square of its user's plans (1,000 live trades of one user: 50-100 ms of CPU
   * per tick unindexed, 0.57 ms p50 indexed, `LiveSessionBenchmark`), so a trader with many trades
   * would have their stops checked late. On, each join memory of a session that took a step is a
   * 128-bucket table: about 20 KB per plan of a prepared user instead of 13 KB; a user at rest
   * holds no session at all ({@link UserSession#addPlanAtRest}), so the heap per monitored plan of
   * users far from the market is unchanged (docs/benchmarks-log.md, "the join indexes"). A
   * kmodule.xml property cannot say this: Drools passes those to the compiler only, so the base is
   * built here with the kmodule's own kbase options and the two index options.
   */
  private static KieBase kieBase(KieContainer container) {
    KieBaseModel model = container.getKieBaseModel(KBASE);
    if (model == null) {
      return container.getKieBase(KBASE); // throws Drools' own "cannot find a KieBase" error
    }
    KieBaseConfiguration conf =
        KieServices.Factory.get().newKieBaseConfiguration(null, container.getClassLoader());
    conf.setOption(model.getEqualsBehavior());
    conf.setOption(model.getEventProcessingMode());
    conf.setOption(model.getDeclarativeAgenda());
    conf.setOption(model.getSequential());
    conf.setOption(model.getSessionsPool());
    conf.setOption(model.getMutability());
    conf.setOption(IndexLeftBetaMemoryOption.YES);
    conf.setOption(IndexRightBetaMemoryOption.YES);
    return container.newKieBase(KBASE, conf);
  }

  /**
   * The rule-set version number: 1 for the shipped kjar, 2.. for versions built from stored
   * sources, null for a draft folder.
   */
  public Integer number() {
    return number;
  }

  /** The kjar this rule set was loaded from. */
  public ReleaseId releaseId() {
    return releaseId;
  }

  /**
   * Forgets the kjar of a built version in the process-wide KIE repository (the version is no
   * longer needed here: sessions made from this rule set keep working).
   */
  public void release() {
    if (number != null && number > 1 && !releaseId.equals(releaseIdOf(1))) {
      KieServices.Factory.get().getRepository().removeKieModule(releaseId);
    }
  }

  /**
   * The DRL files of the rule set on the classpath (version 1), read back from the kjar's resources
   * by the paths its rules were compiled from: what version 1 is stored as, so that it can be
   * listed, diffed and edited like any other version.
   */
  public RuleSources classpathSources() {
    return sourcesOf(kieBase);
  }

  /**
   * The strategies this version publishes, with their parameter schemas (docs/rules.md, "Strategies
   * and their parameter schema"): what a plan on this version may choose.
   */
  public StrategyCatalog strategies() {
    return strategies;
  }

  private static RuleSources sourcesOf(KieBase kieBase) {
    Map<String, String> files = new java.util.TreeMap<>();
    for (KiePackage pkg : kieBase.getKiePackages()) {
      for (Rule rule : pkg.getRules()) {
        RuleImpl r = (RuleImpl) rule;
        String path = r.getResource() == null ? null : r.getResource().getSourcePath();
        if (path == null || files.containsKey(path)) {
          continue;
        }
        path = path.replaceFirst("^src/main/resources/", "");
        // A kjar loaded from a classes folder (the kjar module's own tests) names its files by
        // their absolute path: the resource is the part below the folder.
        int classes = path.lastIndexOf("/classes/");
        if (path.startsWith("/") && classes >= 0) {
          path = path.substring(classes + "/classes/".length());
        }
        try (var in = RuleSet.class.getClassLoader().getResourceAsStream(path)) {
          if (in == null) {
            throw new IllegalStateException("rule file " + path + " is not on the classpath");
          }
          files.put(path, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read rule file " + path, e);
        }
      }
    }
    return new RuleSources(files);
  }

  public KieSession newSession() {
    return kieBase.newKieSession();
  }

  public String version() {
    return version;
  }
}
