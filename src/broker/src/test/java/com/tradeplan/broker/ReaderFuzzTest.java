package com.tradeplan.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.tradeplan.broker.tws.ContractDetails;
import com.tradeplan.broker.tws.FieldReader;
import com.tradeplan.broker.tws.MalformedMessageException;
import com.tradeplan.broker.tws.MessageDecoder;
import com.tradeplan.broker.tws.MsgIds;
import com.tradeplan.broker.tws.TokenBucket;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.TickBands;
import com.tradeplan.domain.plan.TickSizes;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of what the reader thread does with each message: IB's valid messages, mutated
 * (fields replaced by absurd values, cut short, lengthened, shuffled) and pure noise, decoded and
 * dispatched into a real {@link IbConnection} with tracked orders and a subscription behind it.
 * Whatever arrives, the only failure allowed out is {@link MalformedMessageException}, which the
 * reader logs and skips; and nothing absurd reaches the engine.
 */
class ReaderFuzzTest {
  private static final int SEEDS = 150;
  private static final int MESSAGES_PER_SEED = 400;

  private static final String[] ODD =
      new String[] {
        "",
        "0",
        "1",
        "2",
        "3",
        "4",
        "-1",
        "11",
        "12",
        "10000",
        "10001",
        "2147483647",
        "-2147483648",
        "2147483648",
        "9223372036854775807",
        "99999999999999999999999",
        "1.5",
        "-0.01",
        "0.000001",
        "1E+999999999",
        "1E-999999999",
        "1e-400",
        "9E+299",
        "1E+9999999999",
        "NaN",
        "Infinity",
        "-Infinity",
        "1.7976931348623157E308",
        "1,000.5",
        "abc",
        "Filled",
        "Submitted",
        "Cancelled",
        "PreSubmitted",
        "Inactive",
        "BOT",
        "SLD",
        "AAPL",
        "STK",
        "SMART",
        "USD",
        "DU1",
        "manual",
        "p0:ENTRY:0:1",
        "p1:ENTRY:0:1",
        "p2:ENTRY:0:1",
        "x:STOP:0:99999999999",
        "20260302 09:30:00 US/Eastern",
        "20260302",
        "e1",
        "e2",
        "\u00e9\u00e8\u4e2d\ud83d\ude00",
        "1100",
        "1101",
        "1102",
        "201",
        "103",
        "100"
      };

  private final List<String> alerts = new CopyOnWriteArrayList<>();
  private final List<Fill> fills = new CopyOnWriteArrayList<>();
  private final List<Tick> ticks = new CopyOnWriteArrayList<>();
  private final List<BigDecimal> commissions = new CopyOnWriteArrayList<>();

  /**
   * A contract details cache that asked IB for PENNY and its market rule 31, so that fuzzed
   * marketRule messages for rule 31 reach the rule's bands.
   */
  private static ContractDetailsCache cacheWaitingForRule31() {
    ContractDetailsCache cache = new ContractDetailsCache(Duration.ofMinutes(1), Clock.systemUTC());
    List<Integer> reqIds = new ArrayList<>();
    cache.connectionReady((id, i) -> reqIds.add(id), id -> true);
    cache.tickSize(Instrument.stock("PENNY"), Duration.ZERO);
    cache.runOnce();
    cache.onDetails(
        reqIds.get(0),
        new ContractDetails(
            1,
            "PENNY",
            "STK",
            "SMART",
            "NASDAQ",
            "USD",
            "PENNY",
            new BigDecimal("0.0001"),
            "US/Eastern",
            "",
            "",
            "SMART,NASDAQ",
            "31,31"));
    cache.onEnd(reqIds.get(0));
    cache.runOnce();
    return cache;
  }

  /** A connection as IbBroker builds it, not connected: its callbacks are what is fuzzed. */
  private IbConnection connection(ContractDetailsCache cache) {
    IbBrokerConfig config = IbBrokerConfig.of("127.0.0.1", 1, 11, "DU1");
    ClientScope scope = new ClientScope(11);
    OrderRegistry registry = new OrderRegistry(1_000);
    registry.raiseNextOrderId(1);
    for (int i = 0; i < 3; i++) {
      TrackedOrder t = registry.register(TestOrders.buy("p" + i, 100)).order();
      registry.startSending(t);
      registry.written(t, System.nanoTime());
    }
    EngineReports reports = new EngineReports();
    reports.setListener(
        new BrokerListener() {
          @Override
          public void onOrderUpdate(OrderUpdate update) {}

          @Override
          public void onFill(Fill fill) {
            fills.add(fill);
          }

          @Override
          public void onCommission(String executionId, OrderRef ref, BigDecimal commission) {
            commissions.add(commission);
          }
        });
    OperatorAlerts alert = (kind, message) -> alerts.add(kind);
    ReportTranslator translator =
        new ReportTranslator(
            registry, scope, alert, reports, ZoneId.of("America/New_York"), Clock.systemUTC());
    MarketData marketData = new MarketData();
    marketData.subscribe(Instrument.stock("AAPL"), ticks::add);
    LinkSupervisor link = new LinkSupervisor(config, () -> null);
    OrderSender sender = new OrderSender(config, registry, link, reports, alert);
    return new IbConnection(
        new IbConnection.Parts(
            config,
            new TokenBucket(45, 5),
            scope,
            registry,
            translator,
            marketData,
            cache,
            new WhatIfChecks(registry::nextWhatIfOrderId),
            new Resends(registry, sender, alert),
            link,
            reports,
            alert,
            seen -> {},
            accounts -> {},
            new AtomicInteger()));
  }

  /** Valid messages of every kind the client handles, as IB writes them at v193. */
  private static List<List<String>> templates() {
    List<List<String>> t = new ArrayList<>();
    t.add(List.of("1", "3", "10000", "4", "101.25", "300", "0"));
    t.add(List.of("1", "3", "10000", "1", "101.20", "100", "0"));
    t.add(List.of("2", "1", "10000", "8", "12345"));
    t.add(List.of("3", "1", "Submitted", "0", "100", "0", "1000001", "0", "0", "11", "", "0"));
    t.add(List.of("3", "2", "Filled", "100", "0", "101.5", "1000002", "0", "101.5", "11", "", "0"));
    t.add(List.of("4", "2", "1", "201", "Order rejected - reason:test", ""));
    t.add(List.of("4", "2", "-1", "1100", "Connectivity between IB and TWS has been lost.", ""));
    t.add(List.of("9", "1", "17"));
    t.add(List.of("15", "1", "DU1,DU2"));
    t.add(List.of("49", "1", "1767225600"));
    t.add(List.of("53", "1"));
    t.add(List.of("55", "1", "900000"));
    t.add(List.of("62", "1"));
    t.add(List.of("52", "1", "1500000000"));
    t.add(
        List.of(
            "10",
            "1500000000",
            "AAPL",
            "STK",
            "",
            "",
            "0",
            "",
            "SMART",
            "USD",
            "AAPL",
            "NMS",
            "NMS",
            "265598",
            "0.01",
            "1",
            "LMT,MKT",
            "SMART,NASDAQ",
            "1",
            "0",
            "APPLE INC",
            "NASDAQ",
            "",
            "Technology",
            "Computers",
            "Computers",
            "US/Eastern",
            "20261207:0400-20261207:2000",
            "20261207:0930-20261207:1600",
            "",
            "",
            "0",
            "1",
            "",
            "",
            "26,26",
            "",
            "COMMON",
            "1",
            "1",
            "100",
            "0"));
    t.add(
        List.of(
            "11",
            "-1",
            "1",
            "265598",
            "AAPL",
            "STK",
            "",
            "0",
            "",
            "",
            "SMART",
            "USD",
            "AAPL",
            "NMS",
            "e1",
            "20260302  09:30:01",
            "DU1",
            "ISLAND",
            "BOT",
            "40",
            "101.5",
            "1000001",
            "11",
            "0",
            "40",
            "101.5",
            "p0:ENTRY:0:1",
            "",
            "",
            "",
            "1",
            "0"));
    t.add(List.of("59", "1", "e1", "1.25", "USD", "1.7976931348623157E308", "", ""));
    t.add(
        List.of(
            "61", "3", "DU1", "265598", "AAPL", "STK", "", "0", "", "", "SMART", "USD", "AAPL",
            "NMS", "100", "101.25"));
    t.add(List.of("99", "7", "1", "1772461800", "101.25", "300", "0", "PAPER", ""));
    t.add(List.of("93", "31", "2", "0", "0.0001", "1", "0.01"));
    t.add(List.of("93", "31", "3", "0", "0.01", "10", "0.05", "100", "0.1"));
    List<String> openOrder = new ArrayList<>(Collections.nCopies(170, ""));
    openOrder.set(0, Integer.toString(MsgIds.OPEN_ORDER));
    openOrder.set(1, "1");
    openOrder.set(3, "AAPL");
    openOrder.set(23, "p1:ENTRY:0:1");
    t.add(openOrder);
    return t;
  }

  private static List<String> mutate(List<String> template, Random r) {
    List<String> m = new ArrayList<>(template);
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits && !m.isEmpty(); e++) {
      int at = r.nextInt(m.size());
      switch (r.nextInt(6)) {
        case 0, 1 -> m.set(at, ODD[r.nextInt(ODD.length)]);
        case 2 -> m.set(at, Integer.toString(r.nextInt()));
        case 3 -> m.subList(at, m.size()).clear(); // cut short
        case 4 -> m.add(at, ODD[r.nextInt(ODD.length)]); // a field too many: the rest shifts
        default -> m.remove(at);
      }
    }
    return m;
  }

  private static List<String> noise(Random r) {
    List<String> m = new ArrayList<>();
    m.add(r.nextBoolean() ? ODD[r.nextInt(ODD.length)] : Integer.toString(r.nextInt(120)));
    for (int i = 0; i < r.nextInt(40); i++) {
      m.add(ODD[r.nextInt(ODD.length)]);
    }
    return m;
  }

  @Test
  void whateverArrivesOnlyAMalformedMessageEverEscapesAndNothingAbsurdReachesTheEngine() {
    List<List<String>> templates = templates();
    List<TickSizes.Lookup> grids = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random r = new Random(seed);
      ContractDetailsCache cache = cacheWaitingForRule31();
      IbConnection c = connection(cache);
      for (int i = 0; i < MESSAGES_PER_SEED; i++) {
        List<String> fields =
            r.nextInt(5) == 0 ? noise(r) : mutate(templates.get(r.nextInt(templates.size())), r);
        try {
          MessageDecoder.dispatch(fields, c);
        } catch (MalformedMessageException expected) {
          // logged and skipped by the reader
        } catch (RuntimeException e) {
          fail("seed " + seed + ", message " + i + " " + fields + " threw " + e, e);
        }
      }
      grids.add(cache.tickSize(Instrument.stock("PENNY"), Duration.ZERO));
    }
    assertThat(fills).as("the mutations reach the engine's path").isNotEmpty();
    assertThat(ticks).isNotEmpty();
    for (Fill f : fills) {
      assertThat(f.quantity()).isPositive();
      assertPlausible(f.price());
    }
    ticks.forEach(t -> assertPlausible(t.last()));
    commissions.forEach(ReaderFuzzTest::assertPlausible);
    assertThat(grids).as("some fuzzed market rules were taken as grids").anyMatch(g -> g.isKnown());
    for (TickSizes.Lookup g : grids) {
      if (g.isKnown()) {
        for (TickBands.Band b : g.grid().bands()) {
          assertThat(b.increment()).isPositive();
          assertPlausible(b.increment());
          assertPlausible(b.lowEdge());
        }
      }
    }
  }

  /** A number IB could have meant: a bounded count of digits either side of the point. */
  private static void assertPlausible(BigDecimal v) {
    assertThat(v.scale()).as("%s", v).isLessThanOrEqualTo(FieldReader.MAX_DECIMAL_DIGITS);
    assertThat(v.precision() - v.scale())
        .as("%s", v)
        .isLessThanOrEqualTo(FieldReader.MAX_DECIMAL_DIGITS);
  }
}
