package com.tradeplan.simulator.storm;

import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.PlanValidator;
import com.tradeplan.domain.plan.ValidationResult;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.EngineListener;
import com.tradeplan.engine.LaneEngine;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.formats.PlanResult;
import com.tradeplan.formats.SimulationResult;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Replays a {@link StormScenario} through the production lanes ({@link LaneEngine}) with a broker
 * that records orders: the plans are activated, entered on the opening ticks and filled at 100.00
 * (this class plays the broker for entries and fills nothing else), then the storm is pushed as
 * fast as one thread can push it, as IB's reader would. Exit orders are recorded with the {@link
 * System#nanoTime()} at which they reached the broker port, and every tick with the time it was
 * pushed, so a caller can compare the exits with the simulator's and measure delays.
 *
 * <p>Waits are bounded: each step that waits for the lanes gives up after {@code timeout}.
 */
public final class LaneReplay {
  private LaneReplay() {}

  /**
   * An exit order as the lifecycle names it: plan, role, the target's index (else null) and the
   * shares it exits.
   */
  public record Exit(String planId, OrderRole role, Integer index, long quantity) {
    static Exit of(OrderRequest request) {
      OrderRef ref = request.ref();
      return new Exit(
          ref.planId(),
          ref.role(),
          ref.role() == OrderRole.TARGET ? ref.index() : null,
          request.quantity());
    }

    /** The exits among a simulation's ORDER events, with the tick index at which each was sent. */
    public static Map<Exit, Long> sentBy(SimulationResult result) {
      Map<Exit, Long> exits = new HashMap<>();
      for (PlanResult p : result.plans()) {
        for (PlanEvent e : p.events()) {
          if (e.type() == PlanEvent.Type.ORDER && e.role() != OrderRole.ENTRY) {
            exits.putIfAbsent(new Exit(e.planId(), e.role(), e.index(), e.quantity()), e.tick());
          }
        }
      }
      return exits;
    }
  }

  /**
   * What a replay did.
   *
   * @param exits every exit order sent, with when it reached the broker port (nanoTime)
   * @param pushedAtNanos per tick index, when it was handed to the lanes (nanoTime)
   * @param stormNanos from the first storm tick pushed until every lane had run everything
   * @param stormTicks ticks pushed in the storm (and the closing ticks)
   * @param ticksCoalesced ticks the lanes folded instead of evaluating each
   * @param alerts operator alerts the engine raised (none in a healthy run)
   */
  public record Result(
      Map<Exit, Long> exits,
      long[] pushedAtNanos,
      long stormNanos,
      long stormTicks,
      long ticksCoalesced,
      List<String> alerts) {}

  /** Records orders and when they came; fills nothing. */
  private static final class RecordingBroker implements Broker {
    final List<OrderRequest> submitted = new CopyOnWriteArrayList<>();
    final Map<Exit, Long> exits = new ConcurrentHashMap<>();
    volatile BrokerListener listener;

    @Override
    public SubmitResult submit(OrderRequest request) {
      long now = System.nanoTime();
      submitted.add(request);
      if (request.ref().role() != OrderRole.ENTRY) {
        exits.putIfAbsent(Exit.of(request), now);
      }
      return SubmitResult.ACCEPTED;
    }

    @Override
    public SubmitResult cancel(OrderRef ref) {
      return SubmitResult.ACCEPTED;
    }

    @Override
    public void setListener(BrokerListener listener) {
      this.listener = listener;
    }
  }

  public static Result run(RuleSet rules, StormScenario scenario, int lanes, long timeoutSeconds) {
    RecordingBroker broker = new RecordingBroker();
    List<String> alerts = new CopyOnWriteArrayList<>();
    EngineListener listener = (owner, step) -> alerts.addAll(step.alerts());
    Clock clock = Clock.fixed(StormScenario.T0, ZoneOffset.UTC);
    long[] pushedAt = new long[scenario.tickCount()];
    try (LaneEngine engine = new LaneEngine(rules, broker, listener, lanes, 10_000, clock)) {
      Set<String> owners = new LinkedHashSet<>();
      List<CompletableFuture<Void>> added = new ArrayList<>();
      for (PlanDraft d : scenario.plans()) {
        ValidationResult v =
            PlanValidator.validate(d, StormScenario.T0, Instrument.DEFAULT_TICK_SIZE);
        if (!(v instanceof ValidationResult.Valid valid)) {
          throw new IllegalStateException("storm plan " + d.id() + " invalid: " + v.errors());
        }
        owners.add(d.owner());
        added.add(engine.addPlan(PlanSnapshot.initial(valid.plan(), PlanStatus.ACTIVE)));
      }
      await(added, timeoutSeconds);
      Iterator<IndexedTick> ticks = scenario.ticks();
      for (int i = 0; i < scenario.stormStart(); i++) {
        if (i == scenario.symbols()) {
          await(barriers(engine, owners), timeoutSeconds);
          if (broker.submitted.size() != added.size()) {
            throw new IllegalStateException(
                broker.submitted.size() + " entries sent for " + added.size() + " plans");
          }
          fillEntries(broker);
          await(barriers(engine, owners), timeoutSeconds);
        }
        push(engine, ticks.next(), pushedAt);
      }
      long start = System.nanoTime();
      long stormTicks = 0;
      while (ticks.hasNext()) {
        push(engine, ticks.next(), pushedAt);
        stormTicks++;
      }
      await(barriers(engine, owners), timeoutSeconds);
      long stormNanos = System.nanoTime() - start;
      return new Result(
          Map.copyOf(broker.exits),
          pushedAt,
          stormNanos,
          stormTicks,
          engine.ticksCoalesced(),
          List.copyOf(alerts));
    }
  }

  private static void push(LaneEngine engine, IndexedTick t, long[] pushedAt) {
    pushedAt[(int) t.index()] = System.nanoTime();
    engine.onTick(t.tick());
  }

  /** Every entry sent so far is filled at 100.00, the price of each symbol's second tick. */
  private static void fillEntries(RecordingBroker broker) {
    for (OrderRequest r : broker.submitted) {
      broker.listener.onFill(
          new Fill(
              "storm-" + r.ref(),
              r.ref(),
              r.action(),
              r.quantity(),
              new BigDecimal("100.00"),
              BigDecimal.ZERO,
              StormScenario.T0));
    }
  }

  private static List<CompletableFuture<Void>> barriers(LaneEngine engine, Set<String> owners) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (String owner : owners) {
      all.add(engine.barrier(owner));
    }
    return all;
  }

  private static void await(List<CompletableFuture<Void>> all, long timeoutSeconds) {
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the lanes", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "the lanes did not answer within " + timeoutSeconds + " s", e);
    }
  }
}
