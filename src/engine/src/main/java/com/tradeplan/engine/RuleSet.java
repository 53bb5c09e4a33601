package com.tradeplan.engine;

import com.tradeplan.engine.RuleCompilationException.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;

/**
 * A compiled, immutable rule set: one KieBase shared by every user session of this version. Built
 * once per version (compiling costs seconds; a session costs a fraction of a millisecond).
 */
public final class RuleSet {
  /** The kbase name of the packaged kjar (kjar/src/main/resources/META-INF/kmodule.xml). */
  public static final String KBASE = "lifecycle";

  /** Bound on the size of a rules folder compiled at run time. */
  public static final int RULE_FILES_MAX = 500;

  private static final String PROPERTY_SPECIFIC = "drools.propertySpecific";

  private static final Pattern PARSER_POSITION = Pattern.compile("Line (\\d+):(\\d+)");

  private final KieBase kieBase;
  private final String version;

  private RuleSet(KieBase kieBase, String version) {
    this.kieBase = kieBase;
    this.version = version;
  }

  private static RuleSet checked(KieBase kieBase, String version, Path dir) {
    List<Problem> problems = rulesOutsideThePhases(kieBase, dir);
    if (!problems.isEmpty()) {
      throw new RuleCompilationException(problems);
    }
    return new RuleSet(kieBase, version);
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

  /** The rule set packaged as a kjar on the classpath (the deployed rules). */
  public static RuleSet fromClasspath() {
    KieServices ks = KieServices.Factory.get();
    KieContainer container = ks.getKieClasspathContainer(RuleSet.class.getClassLoader());
    return checked(container.getKieBase(KBASE), "classpath:" + container.getReleaseId(), null);
  }

  /**
   * Compiles every {@code .drl} file under {@code dir} (a draft rules folder) with the classic
   * compiler, which reports file, line and column for every problem.
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
    KieServices ks = KieServices.Factory.get();
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
    for (Path f : files) {
      String rel = dir.relativize(f).toString().replace('\\', '/');
      try {
        kfs.write("src/main/resources/" + rel, Files.readString(f));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read rule file " + f, e);
      }
    }
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
      problems.add(new Problem(dir.resolve(path).toString(), line, column, m.getText()));
    }
    if (!problems.isEmpty()) {
      throw new RuleCompilationException(problems);
    }
    KieContainer container = ks.newKieContainer(ks.getRepository().getDefaultReleaseId());
    return checked(container.getKieBase(KBASE), "folder:" + dir, dir);
  }

  public KieSession newSession() {
    return kieBase.newKieSession();
  }

  public String version() {
    return version;
  }
}
