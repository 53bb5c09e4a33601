package com.tradeplan.runtime;

import com.tradeplan.broker.AccountsSeen;
import com.tradeplan.broker.IbBroker;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.store.TradeStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares each account's positions at IB with the sum of its plans' positions (issue 14, point 8):
 * IB's figure is what reqPositions answered at a fresh reconcile ({@link
 * IbBroker#refreshAccounts}); Tradeplan's is the sum over the store's monitored plans of their
 * signed position (a SHORT plan counts negative), each under the account fixed on the plan (a plan
 * without one under the connection's default account). A difference is dangling shares, a manual
 * TWS order, a fill after a crash: it is reported only when two checks in a row find it with the
 * same figures (the store is written behind the engine, so a fill on its way may show for one
 * check), then alerted once ({@code POSITION_MISMATCH}, naming account, symbol, IB's figure and
 * Tradeplan's) and listed for operators until it goes away. The open orders Tradeplan did not send
 * are listed as IB reported them, never touched.
 *
 * <p>It only reads and reports: it sends nothing, and changes no plan. Runs on its own thread every
 * {@code TRADEPLAN_RECONCILE_POSITIONS_SECONDS} (a check waits for IB up to {@link #READ_TIMEOUT},
 * which must not hold up the platform's timer) and when an operator asks ({@link #check}); checks
 * are serialized. What it keeps is bounded by the accounts and symbols held.
 */
public final class PositionReconciliation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PositionReconciliation.class);

  /** How long a check waits for IB's answer before it keeps the last report. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private final IbBroker broker;
  private final TradeStore store;
  private final Alerts alerts;
  private final Clock clock;

  // Guarded by this.
  private Map<Key, Mismatch> previous = Map.of();
  private volatile Report report = new Report(null, List.of(), List.of());
  private final java.util.concurrent.ScheduledExecutorService timer =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tradeplan-reconcile-positions");
            t.setDaemon(true);
            return t;
          });

  PositionReconciliation(IbBroker broker, TradeStore store, Alerts alerts, Clock clock) {
    this.broker = broker;
    this.store = store;
    this.alerts = alerts;
    this.clock = clock;
  }

  /** An account and a symbol. */
  record Key(String account, String symbol) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int a = account.compareTo(o.account);
      return a != 0 ? a : symbol.compareTo(o.symbol);
    }
  }

  /**
   * IB's position and Tradeplan's differ in one account and symbol.
   *
   * @param ibQuantity what IB holds (signed: negative is short)
   * @param tradeplanQuantity the sum of the account's plans' positions in the symbol (signed)
   * @param difference {@code ibQuantity - tradeplanQuantity}: the shares no plan accounts for
   * @param since the first check that found it with these figures
   */
  public record Mismatch(
      String account,
      String symbol,
      BigDecimal ibQuantity,
      BigDecimal tradeplanQuantity,
      BigDecimal difference,
      Instant since) {}

  /**
   * The last check's findings.
   *
   * @param checkedAt when IB's positions were last read (null: never yet)
   * @param mismatches the confirmed differences, by account and symbol
   * @param outsideOrders the open orders at IB that Tradeplan did not send
   */
  public record Report(
      Instant checkedAt, List<Mismatch> mismatches, List<AccountsSeen.OutsideOrder> outsideOrders) {
    public Report {
      mismatches = List.copyOf(mismatches);
      outsideOrders = List.copyOf(outsideOrders);
    }
  }

  /** Checks every {@code every}, the first after one interval. */
  void start(Duration every) {
    long millis = every.toMillis();
    timer.scheduleWithFixedDelay(
        this::checkQuietly, millis, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** A periodic check: a throw would cancel the schedule for good, so none escapes. */
  private void checkQuietly() {
    try {
      check();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("position reconciliation failed; tried again at the next interval", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** The last check's findings (readable from any thread). */
  public Report report() {
    return report;
  }

  /**
   * Reads IB's accounts again and compares; returns the new report, or the last one when IB did not
   * answer in time (logged).
   */
  public synchronized Report check() throws InterruptedException {
    AccountsSeen seen = broker.refreshAccounts(READ_TIMEOUT);
    if (seen == null) {
      LOG.warn("position reconciliation: IB's positions not read in {}", READ_TIMEOUT);
      return report;
    }
    Instant now = clock.instant();
    Map<Key, BigDecimal> ours = tradeplanPositions();
    Map<Key, BigDecimal> theirs = new HashMap<>();
    seen.positions()
        .forEach(
            (account, bySymbol) ->
                bySymbol.forEach(
                    (symbol, q) -> theirs.merge(new Key(account, symbol), q, BigDecimal::add)));
    Map<Key, Mismatch> found = new TreeMap<>();
    List<Mismatch> confirmed = new ArrayList<>();
    for (Key k : union(ours, theirs)) {
      BigDecimal ib = theirs.getOrDefault(k, BigDecimal.ZERO);
      BigDecimal tp = ours.getOrDefault(k, BigDecimal.ZERO);
      if (ib.compareTo(tp) == 0) {
        continue;
      }
      Mismatch before = previous.get(k);
      boolean again =
          before != null
              && before.ibQuantity().compareTo(ib) == 0
              && before.tradeplanQuantity().compareTo(tp) == 0;
      Mismatch m =
          new Mismatch(
              k.account(), k.symbol(), ib, tp, ib.subtract(tp), again ? before.since() : now);
      found.put(k, m);
      if (again) {
        confirmed.add(m);
        if (!alerted.contains(k)) {
          alert(m);
        }
      }
    }
    alerted.clear();
    confirmed.forEach(m -> alerted.add(new Key(m.account(), m.symbol())));
    previous = found;
    report = new Report(now, confirmed, seen.outsideOrders());
    return report;
  }

  /**
   * An operator acted on the difference of {@code account} and {@code symbol} (adopted or flattened
   * it, {@link PositionActions}): it leaves the report and must be found by two new checks before
   * anyone can act on it again, so the same shares are never acted on twice.
   */
  synchronized void acted(String account, String symbol) {
    Key k = new Key(account, symbol);
    Map<Key, Mismatch> rest = new HashMap<>(previous);
    rest.remove(k);
    previous = rest;
    alerted.remove(k);
    Report r = report;
    report =
        new Report(
            r.checkedAt(),
            r.mismatches().stream()
                .filter(m -> !(m.account().equals(account) && m.symbol().equals(symbol)))
                .toList(),
            r.outsideOrders());
  }

  // The confirmed mismatches already alerted (once each, while their figures stay).
  private final java.util.Set<Key> alerted = new java.util.HashSet<>();

  private void alert(Mismatch m) {
    alerts.alert(
        "POSITION_MISMATCH",
        "account "
            + m.account()
            + " "
            + m.symbol()
            + ": IB holds "
            + m.ibQuantity().toPlainString()
            + ", Tradeplan's plans "
            + m.tradeplanQuantity().toPlainString()
            + " (difference "
            + m.difference().toPlainString()
            + "); see the operators' reconciliation page");
  }

  /** The signed sum of the monitored plans' positions, by account and symbol. */
  private Map<Key, BigDecimal> tradeplanPositions() {
    String fallback = broker.defaultAccount();
    Map<Key, BigDecimal> out = new HashMap<>();
    for (PlanSnapshot s : store.loadMonitored().plans()) {
      if (s.position() == 0) {
        continue;
      }
      String account = s.account() != null ? s.account() : fallback;
      BigDecimal q = BigDecimal.valueOf(s.position());
      out.merge(
          new Key(account, s.plan().symbol()),
          s.plan().side() == Side.SHORT ? q.negate() : q,
          BigDecimal::add);
    }
    return out;
  }

  private static List<Key> union(Map<Key, BigDecimal> a, Map<Key, BigDecimal> b) {
    java.util.Set<Key> keys = new java.util.TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return new ArrayList<>(keys);
  }
}
