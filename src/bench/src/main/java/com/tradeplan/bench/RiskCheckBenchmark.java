package com.tradeplan.bench;

import com.tradeplan.broker.RiskGate;
import com.tradeplan.broker.risk.EntryLimits;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.testkit.risk.RiskCheckLoad;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The RiskGate's check of one entry with 10,000 live plans (issue 14's target: p99 under 20 µs per
 * order): 2,000 users with 5 plans each on 100 symbols of 10 accounts, half of the entries filled
 * (open positions), half working; every limit set ({@link RiskCheckLoad}, the load the allocation
 * test bounds too: positions per symbol and in total per user and per account, notional per order
 * and open, rates per user, account and platform, price collar, daily loss, cooldown, stagger of 1
 * ms), so an entry that passes runs every check; an entry refused fails the trial. Sample time
 * gives the percentiles. Results and the command are in docs/benchmarks.md.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RiskCheckBenchmark {
  static final int USERS = 2_000;
  static final int PLANS_PER_USER = 5;
  static final int SYMBOLS = 100;
  static final int ACCOUNTS = 10;

  /** The gate, its limits filled with the live plans, and where the next entry comes from. */
  @State(Scope.Thread)
  public static class Gate {
    RiskGate gate;
    EngineBenchmark.CountingBroker broker;
    Random random;
    long seq;
    final String[] planIds = new String[USERS * PLANS_PER_USER];
    final String[] owners = new String[USERS];
    final Instrument[] instruments = RiskCheckLoad.instruments(SYMBOLS);
    final String[] accounts = new String[USERS]; // each user's account

    @Setup
    public void setUp() {
      for (int p = 0; p < planIds.length; p++) {
        planIds[p] = "p" + p;
      }
      for (int u = 0; u < USERS; u++) {
        owners[u] = "u" + u;
      }
      for (int u = 0; u < USERS; u++) {
        accounts[u] = RiskCheckLoad.accountOf(u, ACCOUNTS);
      }
      Map<String, BigDecimal> last = RiskCheckLoad.lastPrices(SYMBOLS);
      EntryLimits limits =
          new EntryLimits(
              RiskCheckLoad.layers(ACCOUNTS),
              last::get,
              Clock.systemUTC(),
              ZoneId.of("America/New_York"),
              System::nanoTime);
      broker = new EngineBenchmark.CountingBroker();
      RiskGate g = new RiskGate(broker, limits);
      g.setListener(new Ignoring());
      gate = g;
      random = new Random(42);
      for (int u = 0; u < USERS; u++) {
        for (int p = 0; p < PLANS_PER_USER; p++) {
          OrderRequest entry = entry(u, (u * 7 + p * 13) % SYMBOLS); // 5 symbols of their own
          if (!gate.submit(entry).accepted()) {
            throw new IllegalStateException("a live plan's entry was refused");
          }
          if (p % 2 == 0) {
            limits.onFill(
                new Fill(
                    "E" + seq,
                    entry.ref(),
                    OrderAction.BUY,
                    entry.quantity(),
                    new BigDecimal("100.00"),
                    null,
                    Instant.EPOCH));
          }
        }
      }
      // 3 of each user's 5 entries filled (open positions), 2 working: all counted.
      if (limits.trackedOrders() != USERS * 2 || limits.position("u0", "S0") != 10) {
        throw new IllegalStateException("the live plans are not counted");
      }
    }

    /**
     * An entry as the engine makes one: the plan's id, owner, instrument and the user's account are
     * the plan's (made once), the reference and the request are new. Plan ids are each user's five
     * in turn, each entry a new attempt, so every reference is new.
     */
    OrderRequest entry(int user, int symbol) {
      long n = seq++;
      String planId = planIds[(int) (n % planIds.length)];
      return RiskCheckLoad.entry(
          planId,
          0,
          1 + (int) (n / planIds.length),
          owners[user],
          instruments[symbol],
          accounts[user]);
    }
  }

  /** Reports go nowhere: the engine is not what is measured. */
  static final class Ignoring implements BrokerListener {
    @Override
    public void onOrderUpdate(OrderUpdate update) {}

    @Override
    public void onFill(Fill fill) {}
  }

  /**
   * One entry through the gate (every limit checked, admitted, counted as working) and, so the
   * figures stay where they are, its cancellation (the working shares released): the cost of an
   * order's way in and out of the aggregates.
   */
  @Benchmark
  public SubmitResult entryCheckedAndReleased(Gate g) {
    // Users in turn: one user's next entry comes 2,000 entries later, past the 1 ms stagger.
    OrderRequest entry = g.entry((int) (g.seq % USERS), g.random.nextInt(SYMBOLS));
    SubmitResult r = g.gate.submit(entry);
    if (!r.accepted()) {
      throw new IllegalStateException("the benchmark's entry was refused: " + r.reason());
    }
    g.gate.limits().onOrderUpdate(OrderUpdate.status(entry.ref(), OrderStatus.CANCELLED));
    return r;
  }
}
