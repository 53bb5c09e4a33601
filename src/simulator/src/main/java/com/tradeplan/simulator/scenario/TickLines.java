package com.tradeplan.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.formats.IndexedTick;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a scenario's {@code ticks}: each line {@code "SYMBOL LAST"} (one second after the previous
 * tick, the first at the scenario's start), {@code "SYMBOL LAST BID ASK"}, or a TICKS.csv row
 * {@code "time,symbol,last[,bid,ask[,volume]]"}. Times never go back; at most {@link
 * ScenarioFile#TICKS_MAX} ticks.
 */
final class TickLines {
  private final ScenarioFields f;

  TickLines(ScenarioFields f) {
    this.f = f;
  }

  List<IndexedTick> read(JsonNode t, Instant start) {
    if (t == null || !t.isArray() || t.isEmpty()) {
      throw f.fail("ticks", "must be a non-empty array of lines such as \"AAPL 101.05\"");
    }
    if (t.size() > ScenarioFile.TICKS_MAX) {
      throw f.fail("ticks", "more than " + ScenarioFile.TICKS_MAX + " ticks");
    }
    List<IndexedTick> ticks = new ArrayList<>();
    Instant previous = null;
    for (int i = 0; i < t.size(); i++) {
      String field = "ticks[" + i + "]";
      Tick tick = tick(f.text(t.get(i), field).strip(), field, previous, start);
      ticks.add(new IndexedTick(i, i + 2, tick));
      previous = tick.time();
    }
    return List.copyOf(ticks);
  }

  private Tick tick(String line, String field, Instant previous, Instant start) {
    Instant time;
    String[] w;
    if (line.contains(",")) {
      String[] csv = line.split(",", -1);
      if (csv.length < 3 || csv.length > 6) {
        throw f.fail(field, "a CSV tick is time,symbol,last[,bid,ask[,volume]]: " + line);
      }
      time = f.instant(csv[0].strip(), field);
      w = new String[csv.length - 1];
      for (int k = 1; k < csv.length; k++) {
        w[k - 1] = csv[k].strip();
      }
    } else {
      w = line.split("\\s+");
      if (w.length != 2 && w.length != 4) {
        throw f.fail(field, "a tick is \"SYMBOL LAST\" or \"SYMBOL LAST BID ASK\": " + line);
      }
      time = previous == null ? start : previous.plus(ScenarioFile.AUTO_STEP);
    }
    if (previous != null && time.isBefore(previous)) {
      throw f.fail(field, "time " + time + " is before the previous tick's " + previous);
    }
    if (w[0].isEmpty()) {
      throw f.fail(field, "the symbol is missing: " + line);
    }
    BigDecimal last = f.price(w[1], field + " last");
    BigDecimal bid = w.length > 2 && !w[2].isEmpty() ? f.price(w[2], field + " bid") : null;
    BigDecimal ask = w.length > 3 && !w[3].isEmpty() ? f.price(w[3], field + " ask") : null;
    Long volume = null;
    if (w.length > 4 && !w[4].isEmpty()) {
      if (!w[4].matches("[0-9]{1,18}")) {
        throw f.fail(field, "volume must be a whole number: " + w[4]);
      }
      volume = Long.parseLong(w[4]);
    }
    return new Tick(w[0], time, last, bid, ask, volume);
  }
}
