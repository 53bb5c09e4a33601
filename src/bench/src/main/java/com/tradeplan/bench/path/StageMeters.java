package com.tradeplan.bench.path;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.runtime.MetricsSink;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The platform's own timings of the path's stages, from both members, over the probes: what the
 * production metrics record (the server binds the same calls to Micrometer: docs/operations.md),
 * here into HdrHistogram recorders so that {@link PathRun} can say where a probe's time went.
 *
 * <ul>
 *   <li>{@code tickToDecision}: a tick's arrival at the engine's lane to its orders handed to the
 *       broker port (the lane's queue, the rules, the store's intent write, the replication);
 *   <li>{@code replicatedBeforeSend}: of that, the wait for the cluster's synchronous backup;
 *   <li>{@code orderAcknowledged}: an order written to IB until IB's first status for it (the
 *       broker's side; after the probe's sample ends, so not part of it).
 * </ul>
 *
 * The rest of a probe's time (market data from the gateway's write to the lane, and the broker's
 * outbound queue, IB's pacer and the socket to the gateway's receive stamp) is the sample less
 * {@code tickToDecision}. Recorders are thread-safe and never block the lanes; values in µs.
 */
final class StageMeters implements MetricsSink {
  /** The largest value recorded, an hour in µs: a longer one is recorded as this, never thrown. */
  private static final long MAX_US = 3_600_000_000L;

  private final Map<String, Recorder> recorders = new LinkedHashMap<>();

  StageMeters() {
    for (String stage :
        new String[] {"tickToDecision", "replicatedBeforeSend", "orderAcknowledged"}) {
      recorders.put(stage, new Recorder(MAX_US, 3));
    }
  }

  @Override
  public void tickToDecision(long nanos) {
    record("tickToDecision", nanos);
  }

  @Override
  public void replicatedBeforeSend(long nanos) {
    record("replicatedBeforeSend", nanos);
  }

  @Override
  public void orderAcknowledged(long nanos) {
    record("orderAcknowledged", nanos);
  }

  private void record(String stage, long nanos) {
    recorders.get(stage).recordValue(Math.min(Math.max(0, nanos / 1000), MAX_US));
  }

  /** Forgets what was recorded so far: the next {@link #take} covers what follows. */
  void reset() {
    recorders.values().forEach(Recorder::reset);
  }

  /** Each stage's samples and percentiles since the last reset or take (µs), then resets. */
  ObjectNode take() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    recorders.forEach(
        (stage, r) -> {
          Histogram h = r.getIntervalHistogram();
          ObjectNode s = out.putObject(stage);
          s.put("samples", h.getTotalCount());
          s.put("p50Us", h.getValueAtPercentile(50));
          s.put("p99Us", h.getValueAtPercentile(99));
          s.put("maxUs", h.getMaxValue());
        });
    return out;
  }
}
