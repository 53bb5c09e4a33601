package com.tradeplan.runtime.recording;

import com.tradeplan.domain.config.EnvironmentVariables;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how much the incident recording keeps (docs/simulator.md, "Incident replay";
 * docs/operations.md lists the variables).
 *
 * @param dir the recording's folder ({@code TRADEPLAN_RECORDING_DIR}, default {@code
 *     DATA_DIR/recording}); null: recording off ({@code TRADEPLAN_RECORDING=off})
 * @param retention segments older than this are deleted ({@code TRADEPLAN_RECORDING_DAYS}, 7)
 * @param maxBytes past this on disk the oldest segments are deleted ({@code
 *     TRADEPLAN_RECORDING_MAX_MB}, 2048)
 * @param queueCapacity entries waiting for the writer; past it an entry is lost, counted, and the
 *     lane's recording marked with a gap ({@code TRADEPLAN_RECORDING_QUEUE}, 100,000)
 * @param slice a segment covers at most this much time ({@code TRADEPLAN_RECORDING_SLICE_MINUTES},
 *     60)
 */
public record RecordingConfig(
    Path dir, Duration retention, long maxBytes, int queueCapacity, Duration slice) {

  /** How often the writer flushes its segments (what a crash can lose) and samples the link. */
  public static final Duration FLUSH_EVERY = Duration.ofSeconds(1);

  public static RecordingConfig off() {
    return new RecordingConfig(null, Duration.ofDays(7), 0, 1, Duration.ofHours(1));
  }

  public boolean enabled() {
    return dir != null;
  }

  public static RecordingConfig fromEnvironment(EnvironmentVariables env, Path dataDir) {
    if ("off".equalsIgnoreCase(env.text("TRADEPLAN_RECORDING", "on"))) {
      return off();
    }
    String dir = env.optionalText("TRADEPLAN_RECORDING_DIR");
    return new RecordingConfig(
        dir == null ? dataDir.resolve("recording") : Path.of(dir),
        Duration.ofDays(env.integer("TRADEPLAN_RECORDING_DAYS", 7, 1, 3650)),
        env.integer("TRADEPLAN_RECORDING_MAX_MB", 2048, 1, 1_000_000) * 1024L * 1024L,
        env.integer("TRADEPLAN_RECORDING_QUEUE", 100_000, 16, 10_000_000),
        Duration.ofMinutes(env.integer("TRADEPLAN_RECORDING_SLICE_MINUTES", 60, 1, 1440)));
  }
}
