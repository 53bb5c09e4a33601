package com.tradeplan.runtime.recording;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.order.OrderType;
import com.tradeplan.domain.plan.ExitChange;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import com.tradeplan.engine.facts.Commission;
import com.tradeplan.engine.facts.TraderCommand;
import com.tradeplan.engine.recording.LaneInput;
import com.tradeplan.testkit.plans.RandomSnapshots;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Seeded random recording entries of every kind, with every optional field sometimes absent and
 * decimals of any scale (negative ones too: {@code 1E+3}), for the codec's round-trip tests.
 */
final class RandomEntries {
  /** Texts a field may hold: plain, quoted, with a line break (escaped in the line), not ASCII. */
  private static final String[] TEXTS = {
    "alice", "entry above 101.00", "a \"quoted\" reason", "two\nlines", "Zürich €", ""
  };

  private final Random r;

  RandomEntries(Random r) {
    this.r = r;
  }

  /** An entry of a kind chosen at random; {@code i} numbers the plans of a snapshot entry. */
  LaneInput entry(int i) {
    return switch (r.nextInt(11)) {
      case 0 -> new LaneInput.Started(instant(), 1 + r.nextInt(64));
      case 1 -> new LaneInput.TickSeen(tick());
      case 2 -> new LaneInput.ReportsSeen(listOf(this::report), instant());
      case 3 -> new LaneInput.CommandRun(text(), command(), instant());
      case 4 ->
          new LaneInput.PlansAdded(
              List.of(RandomSnapshots.randomSnapshot(r, i)), r.nextBoolean(), instant());
      case 5 -> new LaneInput.UserRemoved(text(), instant());
      case 6 -> new LaneInput.OrderSent(order(), result());
      case 7 -> new LaneInput.CancelSent(ref(), result());
      case 8 -> new LaneInput.EventsEmitted(text(), listOf(this::event));
      case 9 -> new LaneInput.LinkChanged(r.nextBoolean() ? "UP" : "DOWN", instant());
      default -> new LaneInput.Gap(r.nextInt(1_000_000), instant());
    };
  }

  private Tick tick() {
    return new Tick(
        "S" + r.nextInt(100),
        instant(),
        positive(),
        maybe(this::positive),
        maybe(this::positive),
        maybe(() -> (long) r.nextInt(1_000_000)));
  }

  private Object report() {
    return switch (r.nextInt(3)) {
      case 0 ->
          new OrderUpdate(ref(), pick(OrderStatus.values()), r.nextBoolean(), maybe(this::text));
      case 1 ->
          new Fill(
              "e" + r.nextInt(1_000),
              ref(),
              pick(OrderAction.values()),
              1 + r.nextInt(10_000),
              positive(),
              maybe(this::positive),
              instant());
      default -> new Commission("e" + r.nextInt(1_000), ref(), maybe(this::decimal));
    };
  }

  private TraderCommand command() {
    TraderCommand.Type type = pick(TraderCommand.Type.values());
    return new TraderCommand(
        "p" + r.nextInt(100),
        type,
        type == TraderCommand.Type.CHANGE_EXITS ? change() : null,
        maybe(this::text),
        maybe(this::text),
        r.nextBoolean());
  }

  private ExitChange change() {
    return switch (r.nextInt(9)) {
      case 0 -> new ExitChange.MoveStop(r.nextInt(5), positive());
      case 1 -> new ExitChange.AddStop(positive(), maybe(this::positive));
      case 2 -> new ExitChange.RemoveStop(r.nextInt(5));
      case 3 -> new ExitChange.MoveTarget(r.nextInt(5), positive());
      case 4 -> new ExitChange.AddTarget(positive(), maybe(() -> 1L + r.nextInt(1_000)));
      case 5 -> new ExitChange.SetTargetQuantity(r.nextInt(5), 1 + r.nextInt(1_000));
      case 6 -> new ExitChange.SetTrailingDistance(positive());
      case 7 -> new ExitChange.StopToBreakEven();
      default -> new ExitChange.ClosePart(1 + r.nextInt(1_000));
    };
  }

  private OrderRequest order() {
    return new OrderRequest(
        ref(),
        text(),
        new Instrument(
            "S" + r.nextInt(100),
            maybe(() -> "STK"),
            maybe(() -> "ARCA"),
            maybe(() -> "EUR"),
            maybe(this::positive)),
        pick(OrderAction.values()),
        pick(OrderType.values()),
        1 + r.nextInt(10_000),
        maybe(this::positive),
        maybe(this::positive),
        maybe(this::text),
        maybe(() -> "DU" + r.nextInt(100)));
  }

  private SubmitResult result() {
    return new SubmitResult(pick(SubmitResult.Code.values()), maybe(this::text));
  }

  private PlanEvent event() {
    PlanEvent.Type type = pick(PlanEvent.Type.values());
    boolean status = type == PlanEvent.Type.STATUS;
    return new PlanEvent(
        "p" + r.nextInt(100),
        r.nextInt(1_000_000) - 1,
        maybe(this::instant),
        type,
        maybe(() -> pick(OrderRole.values())),
        maybe(() -> r.nextInt(5)),
        maybe(() -> pick(OrderAction.values())),
        maybe(() -> (long) r.nextInt(10_000)),
        maybe(this::positive),
        status ? pick(PlanStatus.values()) : maybe(() -> pick(PlanStatus.values())),
        status ? pick(TradeStatus.values()) : maybe(() -> pick(TradeStatus.values())),
        maybe(() -> ref().toString()),
        maybe(this::text),
        maybe(this::text));
  }

  private OrderRef ref() {
    return new OrderRef(
        "p" + r.nextInt(100), pick(OrderRole.values()), r.nextInt(10), 1 + r.nextInt(100));
  }

  private Instant instant() {
    return Instant.ofEpochSecond(1_700_000_000L + r.nextInt(100_000_000), r.nextInt(1_000_000_000));
  }

  /** Any sign, any scale from -3 to 8, so that the exponent form is written now and then. */
  private BigDecimal decimal() {
    return new BigDecimal(BigInteger.valueOf(r.nextInt(2_000_000) - 1_000_000), r.nextInt(12) - 3);
  }

  private BigDecimal positive() {
    return new BigDecimal(BigInteger.valueOf(1 + r.nextInt(1_000_000)), r.nextInt(12) - 3);
  }

  private String text() {
    return TEXTS[r.nextInt(TEXTS.length)];
  }

  private <T> T pick(T[] values) {
    return values[r.nextInt(values.length)];
  }

  /** A value, or null one time in four. */
  private <T> T maybe(Supplier<T> value) {
    return r.nextInt(4) == 0 ? null : value.get();
  }

  /** None to four values. */
  private <T> List<T> listOf(Supplier<T> value) {
    int n = r.nextInt(5);
    List<T> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      out.add(value.get());
    }
    return out;
  }
}
