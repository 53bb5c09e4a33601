package com.tradeplan.server.analysis;

import com.tradeplan.engine.RuleSet;
import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.RuleVersions;
import com.tradeplan.runtime.recording.RecordingReader;
import com.tradeplan.runtime.recording.RecordingWriter;
import com.tradeplan.store.AnalysisJobRepository;
import com.tradeplan.store.MongoConfig;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The workbench's beans: its settings ({@code tradeplan.analysis.*}) and its job pool. */
@Configuration
public class AnalysisConfig {
  /**
   * A replay job's memory bound: the recorded entries it reads (about 200 bytes each in memory);
   * past it the replay says the window is too long, as an incomplete recording.
   */
  static final int REPLAY_ENTRIES_MAX = 500_000;

  @Bean
  AnalysisSettings analysisSettings(
      @Value("${tradeplan.analysis.workers:1}") int workers,
      @Value("${tradeplan.analysis.queued:16}") int queued,
      @Value("${tradeplan.analysis.events-per-job:200000}") long eventsPerJob,
      @Value("${tradeplan.analysis.jobs-kept:200}") int jobsKept,
      @Value("${tradeplan.analysis.reports-in-memory:16}") int reportsInMemory,
      @Value("${tradeplan.analysis.ticks-bytes:16777216}") long ticksBytes,
      @Value("${tradeplan.analysis.plans-bytes:1048576}") long plansBytes,
      @Value("${tradeplan.analysis.sweep-cells:16}") int sweepCells) {
    return new AnalysisSettings(
        workers,
        queued,
        eventsPerJob,
        jobsKept,
        reportsInMemory,
        ticksBytes,
        plansBytes,
        sweepCells);
  }

  /** Where jobs run (docs/operations.md "Analysis jobs"): their own JVMs by default. */
  @Bean
  JobIsolation jobIsolation(
      @Value("${tradeplan.analysis.isolation:process}") String mode,
      @Value("${tradeplan.analysis.job-heap-mb:" + JobIsolation.HEAP_MB_DEFAULT + "}") int heapMb,
      @Value("${tradeplan.analysis.job-nice:10}") int niceness,
      @Value("${tradeplan.analysis.job-time-limit:30m}") java.time.Duration timeLimit) {
    return new JobIsolation(
        JobIsolation.Mode.parse(mode),
        heapMb,
        niceness,
        timeLimit,
        java.time.Duration.ofSeconds(5));
  }

  @Bean(destroyMethod = "close")
  SimulationJobs simulationJobs(
      AnalysisSettings settings,
      JobIsolation isolation,
      Platform platform,
      MongoConfig.MongoConnection store) {
    RuleSource rules = ruleSource(platform.rules());
    RecordingSource replays = recordingSource(platform.recording());
    return new SimulationJobs(
        settings, rules, new AnalysisJobRepository(store), Clock.systemUTC(), replays, isolation);
  }

  /**
   * The platform's stored rule-set versions as jobs compile them. Compiling a version costs up to
   * seconds: the latest 8 are kept (a version's compiled module has one id, so compiling it again
   * replaces it rather than adding one).
   */
  public static RuleSource ruleSource(RuleVersions versions) {
    java.util.Map<Integer, RuleSet> compiled =
        java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(8, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(java.util.Map.Entry<Integer, RuleSet> e) {
                return size() > 8;
              }
            });
    return new RuleSource() {
      @Override
      public int deployed() {
        return versions.deployed();
      }

      @Override
      public RuleSet compile(int version) {
        RuleSet r = compiled.get(version);
        if (r == null) {
          r = versions.compileForTest(version);
          compiled.put(version, r);
        }
        return r;
      }

      @Override
      public java.util.Map<String, String> sourcesOf(int version) {
        return version == 1 ? java.util.Map.of() : versions.sourcesOf(version);
      }
    };
  }

  /**
   * The platform's incident recording as replay jobs read it (the open segments sealed first, at
   * most {@link #REPLAY_ENTRIES_MAX} entries); null when the recording is off.
   */
  public static RecordingSource recordingSource(RecordingWriter recording) {
    return recording == null
        ? null
        : (owner, from, to) -> {
          recording.seal(10_000); // an open gzip segment cannot be read to its end
          return new RecordingReader(recording.dir(), REPLAY_ENTRIES_MAX).read(owner, from, to);
        };
  }
}
