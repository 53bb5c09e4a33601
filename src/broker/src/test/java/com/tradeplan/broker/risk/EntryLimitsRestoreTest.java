package com.tradeplan.broker.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The figures rebuilt after a restart or a take-over ({@link EntryLimits#restore}): the recorded
 * orders and executions replayed through the live counting give the figures the live run had (its
 * P&amp;L of the day, positions, working entries, stop-outs), an execution of an earlier day moves
 * the position and realizes nothing today, what was counted already counts once, and a user whose
 * figures are incomplete has every entry refused.
 */
class EntryLimitsRestoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T15:00:00Z"));
  private int plans;
  private int executions;

  private EntryLimits limits(RiskLimits.Builder platform) {
    return new EntryLimits(
        LimitLayers.of(platform.build()),
        s -> null,
        clock,
        ZoneId.of("America/New_York"),
        System::nanoTime);
  }

  private OrderRequest buy(String owner, long qty) {
    return OrderRequest.market(
            new OrderRef("p" + ++plans, OrderRole.ENTRY, 0, 1),
            owner,
            Instrument.stock("AAPL"),
            OrderAction.BUY,
            qty,
            "test")
        .withAccount("DU1");
  }

  private static OrderRequest exit(OrderRequest entry, OrderRole role, long qty) {
    return OrderRequest.market(
            new OrderRef(entry.ref().planId(), role, 0, 1),
            entry.owner(),
            entry.instrument(),
            OrderAction.SELL,
            qty,
            "test")
        .withAccount(entry.account());
  }

  private Fill fill(OrderRequest order, long qty, String price, String commission, Instant at) {
    return new Fill(
        "E" + ++executions,
        order.ref(),
        order.action(),
        qty,
        new BigDecimal(price),
        commission == null ? null : new BigDecimal(commission),
        at);
  }

  private static RestoredOrder done(OrderRequest order, Fill... fills) {
    return new RestoredOrder(order, null, false, List.of(fills));
  }

  private static String refusal(EntryLimits limits, OrderRequest order) {
    EntryLimits.Admission a = limits.admitEntry(order);
    return a.admitted() ? null : a.refusal();
  }

  @Test
  void theDaysLossReplayedAfterARestartStillRefusesEntriesWithoutTellingTheSwitchAgain() {
    RiskLimits.Builder platform = RiskLimits.builder().maxDailyLoss(new BigDecimal("100"));
    OrderRequest entry = buy("alice", 10);
    OrderRequest stop = exit(entry, OrderRole.STOP, 10);
    Fill bought = fill(entry, 10, "50.00", null, clock.instant().minusSeconds(60));
    Fill stopped = fill(stop, 10, "40.01", "0.10", clock.instant().minusSeconds(30));

    EntryLimits live = limits(platform);
    live.admitEntry(entry);
    live.onFill(bought);
    live.exitSent(stop);
    live.onFill(stopped);
    live.onCommission(stopped.executionId(), stop.ref(), stopped.commission());

    EntryLimits restarted = limits(platform);
    List<String> told = new ArrayList<>();
    restarted.setLossLimitListener(r -> told.add(r.holder()));
    assertThat(restarted.restore(List.of(done(stop, stopped), done(entry, bought)))).isNull();

    assertThat(restarted.trackedOrders()).as("both orders ended").isZero();
    assertThat(restarted.realizedToday("alice")).isEqualByComparingTo("-100.00");
    assertThat(restarted.realizedToday("alice")).isEqualByComparingTo(live.realizedToday("alice"));
    assertThat(refusal(restarted, buy("alice", 1)))
        .isEqualTo(
            "maximum daily loss 100 for user alice reached (realized P&L today -100): no new"
                + " entries until the next trading day");
    assertThat(refusal(restarted, buy("bob", 1))).isNull();
    assertThat(told).as("the switch was engaged (and stored) when the loss was made").isEmpty();
  }

  @Test
  void anExecutionOfAnEarlierDayMovesThePositionAndRealizesNothingToday() {
    RiskLimits.Builder platform =
        RiskLimits.builder().maxDailyLoss(new BigDecimal("100")).maxPositionPerSymbol(100L);
    Instant yesterday = clock.instant().minus(Duration.ofDays(1));
    OrderRequest entry = buy("alice", 100);
    OrderRequest stop = exit(entry, OrderRole.STOP, 100);
    Fill bought = fill(entry, 100, "50", null, yesterday);
    Fill soldYesterday = fill(stop, 40, "40", null, yesterday.plusSeconds(60)); // -400 yesterday
    Fill soldToday = fill(stop, 10, "45", null, clock.instant().minusSeconds(5)); // -50 today

    EntryLimits limits = limits(platform);
    // in any order: the replay counts them in time order
    assertThat(
            limits.restore(
                List.of(
                    new RestoredOrder(stop, null, true, List.of(soldToday, soldYesterday)),
                    done(entry, bought))))
        .isNull();

    assertThat(limits.position("alice", "AAPL")).isEqualTo(50);
    assertThat(limits.realizedToday("alice")).isEqualByComparingTo("-50");
    assertThat(refusal(limits, buy("alice", 50))).as("50 + 50 just fits").isNull();
    assertThat(refusal(limits, buy("alice", 1)))
        .isEqualTo(
            "maximum position per symbol 100 on AAPL for user alice exceeded (position 50,"
                + " working entries +50, this entry +1: 101 shares)");
  }

  @Test
  void aWorkingEntryCountsAsWorkingUntilItsCancelIsReportedAndItsLaterFillsCount() {
    EntryLimits limits = limits(RiskLimits.builder().maxPositionPerSymbol(100L));
    OrderRequest entry = buy("alice", 100);
    Fill part = fill(entry, 30, "10", null, clock.instant().minusSeconds(10));
    assertThat(limits.restore(List.of(new RestoredOrder(entry, null, true, List.of(part)))))
        .isNull();
    assertThat(refusal(limits, buy("alice", 1)))
        .isEqualTo(
            "maximum position per symbol 100 on AAPL for user alice exceeded (position 30,"
                + " working entries +70, this entry +1: 101 shares)");

    limits.onFill(fill(entry, 20, "10", null, clock.instant())); // reported by the reconcile
    assertThat(limits.position("alice", "AAPL")).isEqualTo(50);
    limits.onOrderUpdate(OrderUpdate.status(entry.ref(), OrderStatus.CANCELLED));
    assertThat(refusal(limits, buy("alice", 50))).as("the cancel gave its 50 back").isNull();
  }

  @Test
  void whatWasCountedAlreadyCountsOnceWhenTheUserIsRebuiltOnItsMember() {
    EntryLimits limits = limits(RiskLimits.builder());
    OrderRequest entry = buy("alice", 10);
    OrderRequest target = exit(entry, OrderRole.TARGET, 10);
    Fill bought = fill(entry, 10, "50", null, clock.instant());
    Fill sold = fill(target, 10, "55", "1.00", clock.instant());
    limits.admitEntry(entry);
    limits.onFill(bought);
    limits.exitSent(target);
    limits.onFill(sold);
    limits.onCommission(sold.executionId(), target.ref(), sold.commission());
    assertThat(limits.realizedToday("alice")).isEqualByComparingTo("49");

    limits.restore(List.of(done(entry, bought), done(target, sold)));
    limits.restore(List.of(done(entry, bought), done(target, sold)));

    assertThat(limits.realizedToday("alice")).isEqualByComparingTo("49");
    assertThat(limits.position("alice", "AAPL")).isZero();
  }

  @Test
  void theStopLossCooldownRunsFromTheRecordedStopOut() {
    EntryLimits limits = limits(RiskLimits.builder().stopLossCooldownSeconds(300L));
    OrderRequest entry = buy("alice", 10);
    OrderRequest stop = exit(entry, OrderRole.STOP, 10);
    limits.restore(
        List.of(
            done(entry, fill(entry, 10, "50", null, clock.instant().minusSeconds(200))),
            done(stop, fill(stop, 10, "49", null, clock.instant().minusSeconds(100)))));
    assertThat(refusal(limits, buy("alice", 1)))
        .isEqualTo("stop-loss cooldown 300 s on AAPL for user alice (stopped out 100 s ago)");
    clock.advance(Duration.ofSeconds(200));
    assertThat(refusal(limits, buy("alice", 1))).isNull();
  }

  @Test
  void aUserWhoseFiguresAreIncompleteHasEveryEntryRefusedUntilTheyAreComplete() {
    EntryLimits limits = limits(RiskLimits.builder());
    limits.refuseEntriesOf("alice", "the store could not be read: timed out");
    assertThat(refusal(limits, buy("alice", 1)))
        .isEqualTo(
            "risk figures of user alice not rebuilt since this server took the user over (the"
                + " store could not be read: timed out): entries are refused until they are;"
                + " exits pass");
    assertThat(refusal(limits, buy("bob", 1))).isNull();
    limits.figuresComplete("alice");
    assertThat(refusal(limits, buy("alice", 1))).isNull();
  }

  /**
   * Seeded random entries, exits, fills (with commissions) and cancels of two users, across the New
   * York midnight: the figures a fresh check rebuilds from the recorded orders equal the live ones
   * (positions per symbol, P&amp;L of the day, and the verdict on the same next entry).
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 7, 42, 20261205})
  void theReplayOfTheRecordedFactsGivesTheLiveFigures(long seed) {
    Random random = new Random(seed);
    clock.set(Instant.parse("2026-03-03T04:00:00Z")); // 23:00 in New York
    String[] users = {"alice", "bob"};
    String[] symbols = {"AAPL", "MSFT"};
    EntryLimits live = limits(RiskLimits.builder());
    Map<OrderRef, OrderRequest> sent = new LinkedHashMap<>();
    Map<OrderRef, List<Fill>> fills = new HashMap<>();
    // insertion order: the seed's, whatever the refs' hash codes
    Map<OrderRef, Long> open = new LinkedHashMap<>(); // unfilled shares of orders still working
    Map<OrderRef, Long> position = new LinkedHashMap<>(); // per entry: its plan's open shares
    for (int step = 0; step < 3_000; step++) {
      clock.advance(Duration.ofSeconds(2)); // 3,000 steps: 100 minutes, through midnight
      int what = random.nextInt(10);
      List<OrderRef> working = new ArrayList<>(open.keySet());
      if (what < 3 || working.isEmpty()) {
        OrderRequest entry =
            OrderRequest.market(
                    new OrderRef("p" + step, OrderRole.ENTRY, 0, 1),
                    users[random.nextInt(users.length)],
                    Instrument.stock(symbols[random.nextInt(symbols.length)]),
                    random.nextBoolean() ? OrderAction.BUY : OrderAction.SELL,
                    1 + random.nextInt(50),
                    "random")
                .withAccount("DU1");
        assertThat(live.admitEntry(entry).admitted()).isTrue();
        sent.put(entry.ref(), entry);
        open.put(entry.ref(), entry.quantity());
      } else if (what < 5) {
        List<OrderRef> held = position.keySet().stream().filter(r -> position.get(r) > 0).toList();
        if (held.isEmpty()) {
          continue;
        }
        OrderRef ref = held.get(random.nextInt(held.size()));
        OrderRequest entry = sent.get(ref);
        OrderRole role = random.nextBoolean() ? OrderRole.STOP : OrderRole.TARGET;
        OrderRequest exit =
            OrderRequest.market(
                    new OrderRef(ref.planId(), role, 0, step),
                    entry.owner(),
                    entry.instrument(),
                    entry.action() == OrderAction.BUY ? OrderAction.SELL : OrderAction.BUY,
                    position.get(ref),
                    "random")
                .withAccount("DU1");
        position.put(ref, 0L);
        live.exitSent(exit);
        sent.put(exit.ref(), exit);
        open.put(exit.ref(), exit.quantity());
      } else if (what < 9) {
        OrderRef ref = working.get(random.nextInt(working.size()));
        OrderRequest order = sent.get(ref);
        long shares = 1 + random.nextInt((int) (long) open.get(ref));
        Fill f =
            new Fill(
                "E" + step,
                ref,
                order.action(),
                shares,
                BigDecimal.valueOf(9_000 + random.nextInt(2_000), 2),
                random.nextBoolean() ? new BigDecimal("0.35") : null,
                clock.instant());
        live.onFill(f);
        if (f.commission() != null) {
          live.onCommission(f.executionId(), ref, f.commission());
        }
        fills.computeIfAbsent(ref, r -> new ArrayList<>()).add(f);
        open.merge(ref, -shares, Long::sum);
        if (open.get(ref) == 0) {
          open.remove(ref);
        }
        if (ref.role() == OrderRole.ENTRY) {
          position.merge(ref, shares, Long::sum);
        }
      } else {
        OrderRef ref = working.get(random.nextInt(working.size()));
        if (ref.role() == OrderRole.ENTRY) {
          live.onOrderUpdate(OrderUpdate.status(ref, OrderStatus.CANCELLED));
          open.remove(ref);
        }
      }
    }
    List<RestoredOrder> recorded = new ArrayList<>();
    sent.forEach(
        (ref, order) ->
            recorded.add(
                new RestoredOrder(
                    order, null, open.containsKey(ref), fills.getOrDefault(ref, List.of()))));
    Collections.shuffle(recorded, random);
    EntryLimits rebuilt = limits(RiskLimits.builder());
    assertThat(rebuilt.restore(recorded)).isNull();

    for (String user : users) {
      assertThat(rebuilt.realizedToday(user))
          .as("seed %d: %s's P&L of the day", seed, user)
          .isEqualByComparingTo(live.realizedToday(user));
      for (String symbol : symbols) {
        assertThat(rebuilt.position(user, symbol))
            .as("seed %d: %s's position on %s", seed, user, symbol)
            .isEqualTo(live.position(user, symbol));
      }
      RiskLimits tight = RiskLimits.builder().maxPositionPerSymbol(1L).build();
      live.setLayers(LimitLayers.of(tight));
      rebuilt.setLayers(LimitLayers.of(tight));
      OrderRequest probe =
          OrderRequest.market(
                  new OrderRef("probe-" + user, OrderRole.ENTRY, 0, 1),
                  user,
                  Instrument.stock("AAPL"),
                  OrderAction.BUY,
                  1,
                  "probe")
              .withAccount("DU1");
      assertThat(refusal(rebuilt, probe))
          .as("seed %d: the same verdict, with the same figures", seed)
          .isEqualTo(refusal(live, probe));
    }
  }
}
