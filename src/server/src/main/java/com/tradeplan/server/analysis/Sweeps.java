package com.tradeplan.server.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.report.HeatMap;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A sweep: one plan set over a grid of two parameters, each cell a child job in the one worker pool
 * (so a sweep never runs more at once than the pool's workers, and is queued all or none). The
 * parameters: a <b>stop offset</b> (every stop of every plan moved that far away from its entry,
 * down for a LONG, up for a SHORT; negative moves it closer) and one <b>fill-model option</b>
 * ({@code maxFillPerTick} or {@code latencyTicks}). Strategies with parameters of their own are not
 * on the platform yet; when they are, they are a third kind of axis here.
 *
 * <p>The grid is read back from the children's stored requests (each names its cell), so a sweep
 * needs no state of its own beyond its jobs.
 */
public final class Sweeps {
  /** The fill-model options a sweep may vary. */
  public static final List<String> FILL_OPTIONS = List.of("maxFillPerTick", "latencyTicks");

  static final String STOP_OFFSET = "stopOffset";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Sweeps() {}

  /**
   * The child jobs of a sweep of {@code base}: stop offsets (columns) by values of {@code
   * fillOption} (rows). Field errors go to {@code errors} (an empty list then).
   */
  static List<JobRequest> cells(
      JobRequest base,
      List<String> stopOffsets,
      String fillOption,
      List<Long> fillValues,
      int maxCells,
      List<FieldError> errors) {
    List<BigDecimal> offsets = new ArrayList<>();
    if (stopOffsets == null || stopOffsets.isEmpty()) {
      errors.add(new FieldError("stopOffsets", "give at least one (\"0.00\": the plans as sent)"));
    } else {
      for (int i = 0; i < stopOffsets.size(); i++) {
        try {
          offsets.add(Decimals.parse(stopOffsets.get(i)));
        } catch (NumberFormatException | NullPointerException e) {
          errors.add(new FieldError("stopOffsets[" + i + "]", "must be a plain decimal string"));
        }
      }
    }
    if (!FILL_OPTIONS.contains(fillOption)) {
      errors.add(new FieldError("fillOption", "must be one of " + FILL_OPTIONS));
    }
    if (fillValues == null || fillValues.isEmpty()) {
      errors.add(new FieldError("fillValues", "give at least one"));
    } else {
      for (int i = 0; i < fillValues.size(); i++) {
        Long v = fillValues.get(i);
        boolean ok =
            v != null
                && (fillOption == null || fillOption.equals("maxFillPerTick")
                    ? v >= 1
                    : v >= 0 && v <= SimulationOptions.LATENCY_TICKS_MAX);
        if (!ok) {
          errors.add(
              new FieldError(
                  "fillValues[" + i + "]",
                  "maxFillPerTick".equals(fillOption)
                      ? "must be at least 1"
                      : "must be 0 to " + SimulationOptions.LATENCY_TICKS_MAX));
        }
      }
    }
    if (errors.isEmpty() && offsets.size() * fillValues.size() > maxCells) {
      errors.add(
          new FieldError(
              "stopOffsets",
              offsets.size()
                  + " offsets x "
                  + fillValues.size()
                  + " values is more than "
                  + maxCells
                  + " runs (tradeplan.analysis.sweep-cells)"));
    }
    if (!errors.isEmpty()) {
      return List.of();
    }
    List<JobRequest> out = new ArrayList<>();
    for (long value : fillValues) {
      for (BigDecimal offset : offsets) {
        SimulationOptions o = base.options();
        SimulationOptions options =
            fillOption.equals("maxFillPerTick")
                ? new SimulationOptions(value, o.commission(), o.gated(), o.latencyTicks())
                : new SimulationOptions(o.maxFillPerTick(), o.commission(), o.gated(), (int) value);
        Map<String, String> cell = new LinkedHashMap<>();
        cell.put(STOP_OFFSET, offset.toPlainString());
        cell.put(fillOption, Long.toString(value));
        out.add(base.cell(offsetStops(base.plansText(), offset), options, cell));
      }
    }
    return out;
  }

  /**
   * The plans of {@code plansJson} (a PLANS.json already parsed once) with every stop price moved
   * {@code offset} away from the entry: down for LONG, up for SHORT. Other fields are kept as sent;
   * a stop moved to 0 or below is then refused by plan validation in the run, as any bad plan is (a
   * DRAFT with its errors in that cell's result).
   */
  static String offsetStops(String plansJson, BigDecimal offset) {
    if (offset.signum() == 0) {
      return plansJson;
    }
    try {
      JsonNode root = JSON.readTree(plansJson);
      for (JsonNode plan : root) {
        boolean shortSide = "SHORT".equals(plan.path("side").asText());
        JsonNode stops = plan.get("stops");
        if (!(stops instanceof ArrayNode)) {
          continue;
        }
        for (JsonNode stop : stops) {
          JsonNode price = stop.get("price");
          if (stop instanceof ObjectNode o && price != null && price.isTextual()) {
            BigDecimal p = Decimals.parse(price.asText());
            o.put("price", (shortSide ? p.add(offset) : p.subtract(offset)).toPlainString());
          }
        }
      }
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException | NumberFormatException e) {
      throw new IllegalStateException("the plans were parsed before the sweep was made", e);
    }
  }

  /** One cell of a sweep's table: its parameters, its job and the job's statistics. */
  public record Row(
      String stopOffset,
      String fillValue,
      String jobId,
      String status,
      long ticksDone,
      long ticksTotal,
      String message,
      Map<String, Object> statistics) {}

  /** A sweep's table: which fill option it varied, the axis values, one row per cell. */
  public record Table(
      String id,
      String fillOption,
      List<String> stopOffsets,
      List<String> fillValues,
      List<Row> rows) {

    /** The heat map of {@code statistic} over the stop offsets (x) and fill values (y). */
    public String heatMap(String statistic) {
      List<HeatMap.Cell> cells = new ArrayList<>();
      for (Row r : rows) {
        Object v = r.statistics() == null ? null : r.statistics().get(statistic);
        cells.add(
            new HeatMap.Cell(
                r.stopOffset(), r.fillValue(), v == null ? null : new BigDecimal(v.toString())));
      }
      return HeatMap.render(statistic, "stop offset", stopOffsets, fillOption, fillValues, cells);
    }
  }

  /** The table of the sweep whose jobs are {@code views} (every one a cell of it). */
  static Table table(String id, List<SimulationJobs.JobView> views) {
    String fillOption = null;
    List<Row> rows = new ArrayList<>();
    TreeSet<String> offsets = new TreeSet<>(Comparator.comparing(BigDecimal::new));
    TreeSet<String> values = new TreeSet<>(Comparator.comparing(BigDecimal::new));
    for (SimulationJobs.JobView v : views) {
      @SuppressWarnings("unchecked")
      Map<String, Object> cell = (Map<String, Object>) v.request().get("sweep");
      for (String option : FILL_OPTIONS) {
        if (cell.containsKey(option)) {
          fillOption = option;
        }
      }
      String offset = String.valueOf(cell.get(STOP_OFFSET));
      String value = String.valueOf(cell.get(fillOption));
      offsets.add(offset);
      values.add(value);
      rows.add(
          new Row(
              offset,
              value,
              v.id(),
              v.status(),
              v.ticksDone(),
              v.ticksTotal(),
              v.message(),
              v.statistics()));
    }
    rows.sort(
        Comparator.comparing((Row r) -> new BigDecimal(r.fillValue()))
            .thenComparing(r -> new BigDecimal(r.stopOffset())));
    return new Table(id, fillOption, List.copyOf(offsets), List.copyOf(values), rows);
  }
}
