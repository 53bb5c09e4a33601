package com.tradeplan.broker;

import com.tradeplan.domain.order.OrderRef;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The executions already passed on to the engine, by IB execution id, and their commissions: IB
 * replays executions and commission reports after a reconnect and in every reconcile's executions
 * answer. An execution reaches the engine once per time its order is tracked; a commission report
 * once as a best effort (the engine refuses a second charge for an execution id, see {@link
 * ReportTranslator}). A commission that arrives before its execution is kept until the execution
 * comes, then passed on after it, once, and counted as seen.
 *
 * <p>Not thread-safe: {@link ReportTranslator} guards it with its lock. Bounded: each map keeps the
 * latest {@value #MAX_SEEN_EXECUTIONS} entries and forgets the eldest beyond; a replay of an
 * execution that old would be passed on again (the engine refuses an execution id it already
 * applied).
 */
final class ExecutionLedger {
  static final int MAX_SEEN_EXECUTIONS = 1_000_000;

  // execution id -> orderRef text; "" for an execution that is not a Tradeplan order's.
  private final Map<String, String> refOfExecution = bounded();
  private final Map<String, BigDecimal> earlyCommissions = bounded();
  private final Set<String> commissionsSeen = Collections.newSetFromMap(bounded());

  private static <K, V> Map<K, V> bounded() {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > MAX_SEEN_EXECUTIONS;
      }
    };
  }

  /** True when the execution was passed on (or flagged as not ours) before: a replay. */
  boolean seen(String execId) {
    return refOfExecution.containsKey(execId);
  }

  /**
   * An execution of a Tradeplan order, passed on now; returns its early commission, if any, which
   * the caller passes on after the fill (it then counts as seen: a replay of it is a repeat).
   */
  BigDecimal remember(String execId, OrderRef ref) {
    refOfExecution.put(execId, ref.toString());
    BigDecimal early = earlyCommissions.remove(execId);
    if (early != null) {
      commissionsSeen.add(execId);
    }
    return early;
  }

  /** An execution that is not a Tradeplan order's: alerted once, its commission ignored. */
  void rememberForeign(String execId) {
    refOfExecution.put(execId, "");
  }

  /**
   * A commission report: returns the order it is to be passed on for, or null when it is a repeat,
   * not ours, or early (kept until its execution arrives).
   */
  OrderRef commission(String execId, BigDecimal commission) {
    if (commission == null || !commissionsSeen.add(execId)) {
      return null;
    }
    String ref = refOfExecution.get(execId);
    if (ref == null) {
      earlyCommissions.put(execId, commission);
      commissionsSeen.remove(execId);
      return null;
    }
    return ref.isEmpty() ? null : OrderRef.parse(ref);
  }

  /**
   * Forgets the executions of these orderRefs and their commissions: they count as unseen again, so
   * the next reconcile delivers them to whoever restores those orders (the engine refuses repeats).
   */
  void forget(Set<String> refs) {
    refOfExecution
        .entrySet()
        .removeIf(
            e -> {
              if (refs.contains(e.getValue())) {
                commissionsSeen.remove(e.getKey());
                return true;
              }
              return false;
            });
  }
}
