package com.tradeplan.server.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.engine.recording.LaneInput;
import com.tradeplan.formats.AtomicFiles;
import com.tradeplan.runtime.recording.RecordingCodec;
import com.tradeplan.runtime.recording.UserRecording;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.report.RunReport;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The folder of one job run in a JVM of its own, and the lines that JVM prints: the one place both
 * sides read and write, so the server ({@link ChildJvmJobRunner}) and the job JVM ({@link
 * JobJvmMain}) cannot drift apart.
 *
 * <p>In: {@code job.json} (file names, the resolved rule-set version, the DRL files of every
 * version the job may compile, the fill model, the events bound), and for a simulation {@code
 * plans} and {@code ticks} (the uploaded texts as uploaded); for an incident replay instead the
 * request (user, window, version) and the recording's problems in {@code job.json}, and the user's
 * recorded entries in {@code recording.jsonl.gz}, one {@link RecordingCodec} line each (the
 * recording's own format, so they decode to the entries the server read). Out, written by the job
 * JVM before it exits 0, {@code outcome.json} last (so a folder with it is whole): {@code
 * report.json}, {@code report.html}, {@code result.json} (the texts the store keeps, exactly as the
 * in-JVM job makes them) and {@code run-report.json}: the run's {@link RunReport} as data, every
 * decimal with its scale and every event, read back equal (records' {@code equals}), so a
 * comparison of a process job is the comparison of the same run in the server's JVM.
 *
 * <p>Progress is a line {@code tradeplan-job progress DONE TOTAL} on the job JVM's stdout; every
 * other line there is not the protocol (a library's print) and is skipped by the reader.
 */
final class JobFolder {
  static final String PROGRESS = "tradeplan-job progress ";

  private static final String INPUT = "job.json";
  private static final String PLANS = "plans";
  private static final String TICKS = "ticks";
  private static final String RECORDING = "recording.jsonl.gz";
  private static final String OUTCOME = "outcome.json";
  private static final String REPORT_JSON = "report.json";
  private static final String REPORT_HTML = "report.html";
  private static final String RESULT_JSON = "result.json";
  private static final String RUN_REPORT = "run-report.json";

  /** Plain records to JSON and back, exactly: decimals as written, instants to the nanosecond. */
  private static final JsonMapper EXACT =
      JsonMapper.builder().addModule(new JavaTimeModule()).build();

  private JobFolder() {}

  /**
   * What a job JVM runs: the request, its version resolved, the DRL files of each version it may
   * compile (none for version 1, the shipped kjar), the bound, and for a replay the recording the
   * server read (null for a simulation).
   */
  record Input(
      JobRequest request,
      int ruleVersion,
      Map<Integer, Map<String, String>> versionFiles,
      long eventsBound,
      UserRecording recording) {
    /** The DRL files of {@code version} as handed over; empty when it was not. */
    Map<String, String> filesOf(int version) {
      return versionFiles.getOrDefault(version, Map.of());
    }
  }

  /** The small part of the input, as {@code job.json}; a replay has no files and no fill model. */
  record Header(
      String plansName,
      String ticksName,
      int ruleVersion,
      Map<Integer, Map<String, String>> versionFiles,
      Long maxFillPerTick,
      String commission,
      boolean gated,
      int latencyTicks,
      long eventsBound,
      ReplayRequest replay,
      List<String> recordingProblems) {}

  /** A progress report as parsed: ticks (or entries) done of the total. */
  record Progress(long done, long total) {}

  static void writeInput(Path dir, Input in) {
    JobRequest r = in.request();
    SimulationOptions o = r.options(); // a replay's is null: it has no fill model
    UserRecording rec = in.recording(); // a simulation's is null: it has files
    write(
        dir.resolve(INPUT),
        json(
            new Header(
                r.plansName(),
                r.ticksName(),
                in.ruleVersion(),
                in.versionFiles(),
                o == null ? null : o.maxFillPerTick(),
                o == null ? null : o.commission().spec(),
                o != null && o.gated(),
                o == null ? 0 : o.latencyTicks(),
                in.eventsBound(),
                r.replay(),
                rec == null ? null : rec.problems())));
    if (r.replay() != null) {
      writeEntries(dir.resolve(RECORDING), rec.entries());
    } else {
      write(dir.resolve(PLANS), r.plansText());
      write(dir.resolve(TICKS), r.ticksText());
    }
  }

  static Input readInput(Path dir) {
    Header h = parse(read(dir.resolve(INPUT)), new TypeReference<Header>() {});
    Map<Integer, Map<String, String>> files =
        h.versionFiles() == null ? Map.of() : h.versionFiles();
    if (h.replay() != null) {
      ReplayRequest q = h.replay();
      UserRecording rec =
          new UserRecording(
              q.owner(),
              q.from(),
              q.to(),
              readEntries(dir.resolve(RECORDING)),
              h.recordingProblems() == null ? List.of() : h.recordingProblems());
      return new Input(JobRequest.replay(q), h.ruleVersion(), files, h.eventsBound(), rec);
    }
    SimulationOptions options =
        new SimulationOptions(
            h.maxFillPerTick(), CommissionModel.parse(h.commission()), h.gated(), h.latencyTicks());
    JobRequest r =
        new JobRequest(
            h.plansName(),
            read(dir.resolve(PLANS)),
            h.ticksName(),
            read(dir.resolve(TICKS)),
            h.ruleVersion(),
            options,
            null);
    return new Input(r, h.ruleVersion(), files, h.eventsBound(), null);
  }

  private static void writeEntries(Path file, List<LaneInput> entries) {
    try (BufferedWriter w =
        new BufferedWriter(
            new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8))) {
      for (LaneInput e : entries) {
        w.write(RecordingCodec.encode(e));
        w.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the job file " + file, e);
    }
  }

  private static List<LaneInput> readEntries(Path file) {
    List<LaneInput> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.add(RecordingCodec.decode(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the job file " + file, e);
    }
    return out;
  }

  /** Writes what a run left; {@code outcome.json} last, so its presence means the rest is there. */
  static void writeOutcome(Path dir, SimulationJob.Outcome o) {
    if (o.report() != null) {
      write(dir.resolve(RUN_REPORT), json(o.report()));
    }
    writeIfAny(dir.resolve(REPORT_JSON), o.reportJson());
    writeIfAny(dir.resolve(REPORT_HTML), o.reportHtml());
    writeIfAny(dir.resolve(RESULT_JSON), o.resultJson());
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("status", o.status().name());
    head.put("message", o.message());
    head.put("ruleVersion", o.ruleVersion());
    AtomicFiles.write(dir.resolve(OUTCOME), json(head));
  }

  /** What the job JVM left, or null when it left no whole outcome (it died first). */
  static SimulationJob.Outcome readOutcome(Path dir) {
    Path head = dir.resolve(OUTCOME);
    if (!Files.exists(head)) {
      return null;
    }
    Map<String, Object> h = parse(read(head), new TypeReference<Map<String, Object>>() {});
    Path runReport = dir.resolve(RUN_REPORT);
    RunReport report = Files.exists(runReport) ? exact(read(runReport)) : null;
    return new SimulationJob.Outcome(
        SimulationJob.Status.valueOf((String) h.get("status")),
        (String) h.get("message"),
        ((Number) h.get("ruleVersion")).intValue(),
        report,
        readIfAny(dir.resolve(REPORT_JSON)),
        readIfAny(dir.resolve(REPORT_HTML)),
        readIfAny(dir.resolve(RESULT_JSON)));
  }

  /** The exact JSON of a run's report (what {@code run-report.json} holds). */
  static String exact(RunReport report) {
    return json(report);
  }

  /** A report read back from {@link #exact}. */
  static RunReport exact(String json) {
    return parse(json, new TypeReference<RunReport>() {});
  }

  static String progressLine(long done, long total) {
    return PROGRESS + done + " " + total;
  }

  /** A progress line's figures, or null for any other line (never throws). */
  static Progress parseProgress(String line) {
    if (line == null || !line.startsWith(PROGRESS)) {
      return null;
    }
    String[] f = line.substring(PROGRESS.length()).trim().split(" ");
    if (f.length != 2) {
      return null;
    }
    try {
      long done = Long.parseLong(f[0]);
      long total = Long.parseLong(f[1]);
      return done < 0 || total < 0 ? null : new Progress(done, total);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String json(Object value) {
    try {
      return EXACT.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a job's records always print as JSON", e);
    }
  }

  private static <T> T parse(String json, TypeReference<T> type) {
    try {
      return EXACT.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a job folder's JSON is not what it wrote", e);
    }
  }

  private static void writeIfAny(Path file, String text) {
    if (text != null) {
      write(file, text);
    }
  }

  private static String readIfAny(Path file) {
    return Files.exists(file) ? read(file) : null;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the job file " + file, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the job file " + file, e);
    }
  }
}
