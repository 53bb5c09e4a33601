package com.tradeplan.server.analysis;

import com.tradeplan.engine.RuleCompilationException;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.engine.RuleSets;
import com.tradeplan.engine.RuleSources;
import com.tradeplan.formats.AtomicFiles;
import com.tradeplan.runtime.recording.RecordingReader;
import com.tradeplan.runtime.recording.UserRecording;
import com.tradeplan.server.rules.RuleDirectory;
import com.tradeplan.simulator.replay.Replay;
import com.tradeplan.simulator.replay.ReplayReport;
import com.tradeplan.simulator.replay.ReplayResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code simulate replay --recording DIR --user U --out REPORT.json [--report REPORT.html] [--from
 * T] [--to T] [--rules DIR | --versions DIR]}: the incident replay of a copy of a server's
 * recording folder ({@code TRADEPLAN_RECORDING_DIR}), offline, through the same reader, replay and
 * report as a replay job ({@link ReplayRun#replay}), so its REPORT.json is the job's {@code
 * report.json}.
 *
 * <p>Rules: {@code --rules DIR} replays every plan on one draft folder (the API's chosen version);
 * otherwise each plan runs on the version it was pinned to live, version 1 being the shipped kjar
 * and version N read from {@code --versions DIR/N} (that version's {@code .drl} files). A version
 * the recording needs and the command does not have is refused before the replay starts.
 *
 * <p>Exit 0: identical; 3: the report is written and says the replay parts from the live run or the
 * recording is incomplete; 1: an input cannot be used (the reason on stderr); 2: a usage error.
 * Nothing is written unless the replay ran to its end.
 */
public final class ReplayCli {
  static final int IDENTICAL = 0;
  static final int BAD_INPUT = 1;
  static final int USAGE = 2;
  static final int DIFFERS = 3;

  private static final String USAGE_TEXT =
      "usage: simulate replay --recording DIR --user USER --out REPORT.json [--report REPORT.html]"
          + " [--from INSTANT] [--to INSTANT] [--rules DIR | --versions DIR]";

  private ReplayCli() {}

  /** The command's options as given. */
  record Args(
      Path recording,
      String user,
      Path out,
      Path report,
      Instant from,
      Instant to,
      Path rules,
      Path versions) {

    static Args parse(String[] args) {
      Map<String, String> v = new TreeMap<>();
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (!List.of(
                "--recording",
                "--user",
                "--out",
                "--report",
                "--from",
                "--to",
                "--rules",
                "--versions")
            .contains(name)) {
          throw new IllegalArgumentException("unknown option " + name);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        if (v.put(name, args[++i]) != null) {
          throw new IllegalArgumentException(name + " given twice");
        }
      }
      for (String required : List.of("--recording", "--user", "--out")) {
        if (!v.containsKey(required) || v.get(required).isBlank()) {
          throw new IllegalArgumentException(required + " is required");
        }
      }
      if (v.containsKey("--rules") && v.containsKey("--versions")) {
        throw new IllegalArgumentException("--rules and --versions exclude each other");
      }
      Instant from = instant(v.get("--from"), "--from");
      Instant to = instant(v.get("--to"), "--to");
      if (from != null && to != null && to.isBefore(from)) {
        throw new IllegalArgumentException("--to must not be before --from");
      }
      return new Args(
          Path.of(v.get("--recording")),
          v.get("--user").trim(),
          Path.of(v.get("--out")),
          path(v.get("--report")),
          from,
          to,
          path(v.get("--rules")),
          path(v.get("--versions")));
    }

    private static Path path(String text) {
      return text == null ? null : Path.of(text);
    }

    private static Instant instant(String text, String name) {
      if (text == null) {
        return null;
      }
      try {
        return Instant.parse(text.trim());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            name + " must be an ISO-8601 instant such as 2026-12-04T14:30:00Z, found " + text);
      }
    }
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Args a;
    try {
      a = Args.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("simulate replay: " + e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    }
    try {
      return replay(a, out, err);
    } catch (RuleCompilationException e) {
      err.println("simulate replay: rules do not compile: " + e.getMessage());
      for (RuleCompilationException.Problem p : e.problems()) {
        err.println("  " + p);
      }
      return BAD_INPUT;
    } catch (UncheckedIOException e) {
      err.println("simulate replay: " + e.getMessage() + ": " + e.getCause().getMessage());
      return BAD_INPUT;
    }
  }

  private static int replay(Args a, PrintStream out, PrintStream err) {
    if (!Files.isDirectory(a.recording())) {
      err.println(
          "simulate replay: "
              + a.recording()
              + " is not a folder: give a copy of the server's recording folder (its lane-N"
              + " folders)");
      return BAD_INPUT;
    }
    UserRecording rec =
        new RecordingReader(a.recording(), AnalysisConfig.REPLAY_ENTRIES_MAX)
            .read(a.user(), a.from(), a.to());
    RuleSets sets;
    String label;
    if (a.rules() != null) {
      sets = RuleSets.single(RuleSet.fromDirectory(a.rules()));
      label = "rules " + a.rules();
    } else {
      List<String> missing = new ArrayList<>();
      sets = recordedVersions(a.versions(), ReplayRun.pins(rec), missing);
      if (!missing.isEmpty()) {
        missing.forEach(m -> err.println("simulate replay: " + m));
        return BAD_INPUT;
      }
      label = "recorded versions";
    }
    ReplayResult result =
        ReplayRun.replay(
            new ReplayRequest(a.user(), a.from(), a.to(), null),
            sets,
            label,
            rec,
            new Replay.Control() {});
    AtomicFiles.write(a.out(), ReplayReport.json(result));
    if (a.report() != null) {
      AtomicFiles.write(a.report(), ReplayReport.html(result));
    }
    out.println(
        "simulate replay: "
            + rec.entries().size()
            + " entries of "
            + a.user()
            + ": "
            + result.summary()
            + " -> "
            + a.out());
    return result.identical() ? IDENTICAL : DIFFERS;
  }

  /**
   * Every version the recording pins, compiled before the replay starts (version 1 the shipped
   * kjar, N from {@code versions/N}); a version that is not there is added to {@code missing} with
   * the plans that need it. The loader is never reached: every pin is loaded here.
   */
  private static RuleSets recordedVersions(
      Path versions, TreeMap<Integer, List<String>> pins, List<String> missing) {
    RuleSets sets =
        RuleSets.versioned(
            RuleSet.fromClasspath(),
            n -> {
              throw new IllegalStateException("version " + n + " was not loaded before the replay");
            });
    for (Map.Entry<Integer, List<String>> pin : pins.entrySet()) {
      int n = pin.getKey();
      if (n == 1) {
        continue;
      }
      Path dir = versions == null ? null : versions.resolve(String.valueOf(n));
      if (dir == null || !Files.isDirectory(dir)) {
        missing.add(
            "plans "
                + String.join(", ", pin.getValue())
                + " ran on rule-set version "
                + n
                + ": give its .drl files in --versions DIR/"
                + n
                + " (or replay every plan on one folder with --rules DIR)");
        continue;
      }
      sets.add(RuleSet.fromSources(n, sources(dir)));
    }
    return sets;
  }

  private static RuleSources sources(Path dir) {
    RuleDirectory.Read read;
    try {
      read = RuleDirectory.read(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rules folder " + dir, e);
    }
    if (!read.problems().isEmpty() || read.files().isEmpty()) {
      throw new RuleCompilationException(
          read.problems().isEmpty()
              ? List.of(
                  new RuleCompilationException.Problem(
                      dir.toString(), 0, 0, "no .drl file in this folder"))
              : read.problems());
    }
    return RuleSources.of(read.files());
  }
}
