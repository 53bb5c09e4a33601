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
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random orders, fills and cancels for three users of one account on three symbols: every
 * entry's verdict equals the one a naive model gives by scanning every order ever sent (positions
 * per user and per account, per symbol and in total, working entries included). The incremental
 * aggregates must never drift from the scan.
 */
class EntryLimitsRandomTest {
  private static final String[] USERS = {"alice", "bob", "carol"};
  private static final String[] SYMBOLS = {"AAPL", "MSFT", "IBM"};
  private static final long USER_PER_SYMBOL = 120;
  private static final long USER_TOTAL = 250;
  private static final long ACCOUNT_PER_SYMBOL = 300;

  /** The naive model's order: everything recomputed from these by a scan. */
  private static final class Sent {
    final OrderRequest request;
    long filled;
    boolean working = true;

    Sent(OrderRequest request) {
      this.request = request;
    }

    long signed(long shares) {
      return request.action() == OrderAction.BUY ? shares : -shares;
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 20260302})
  void verdictsEqualAScanOfEveryOrder(long seed) {
    Random random = new Random(seed);
    LimitLayers layers =
        LimitLayers.of(
                RiskLimits.builder()
                    .maxPositionPerSymbol(USER_PER_SYMBOL)
                    .maxPositionTotal(USER_TOTAL)
                    .build())
            .with(
                LimitScope.ACCOUNT,
                "DU1",
                RiskLimits.builder().maxPositionPerSymbol(ACCOUNT_PER_SYMBOL).build());
    EntryLimits limits =
        new EntryLimits(
            layers,
            s -> null,
            Clock.fixed(Instant.parse("2026-03-02T15:00:00Z"), ZoneOffset.UTC),
            ZoneId.of("America/New_York"),
            System::nanoTime);
    List<Sent> sent = new ArrayList<>();
    int admitted = 0;
    int refused = 0;
    for (int step = 0; step < 5_000; step++) {
      int what = random.nextInt(10);
      List<Sent> working = sent.stream().filter(s -> s.working).toList();
      if (what < 5 || working.isEmpty()) {
        String user = USERS[random.nextInt(USERS.length)];
        String symbol = SYMBOLS[random.nextInt(SYMBOLS.length)];
        OrderAction action = random.nextBoolean() ? OrderAction.BUY : OrderAction.SELL;
        OrderRequest entry =
            OrderRequest.market(
                    new OrderRef("p" + step, OrderRole.ENTRY, 0, 1),
                    user,
                    Instrument.stock(symbol),
                    action,
                    1 + random.nextInt(60),
                    "random")
                .withAccount("DU1");
        boolean expected = fits(sent, entry);
        EntryLimits.Admission got = limits.admitEntry(entry);
        assertThat(got.admitted())
            .as("seed %d step %d %s: %s", seed, step, entry, got.refusal())
            .isEqualTo(expected);
        if (got.admitted()) {
          sent.add(new Sent(entry));
          admitted++;
        } else {
          refused++;
        }
      } else if (what < 8) {
        Sent s = working.get(random.nextInt(working.size()));
        long shares = 1 + random.nextInt((int) (s.request.quantity() - s.filled));
        limits.onFill(
            new Fill(
                "E" + step,
                s.request.ref(),
                s.request.action(),
                shares,
                BigDecimal.TEN,
                null,
                Instant.EPOCH));
        s.filled += shares;
        s.working = s.filled < s.request.quantity();
      } else {
        Sent s = working.get(random.nextInt(working.size()));
        limits.onOrderUpdate(OrderUpdate.status(s.request.ref(), OrderStatus.CANCELLED));
        s.working = false;
      }
    }
    assertThat(admitted).as("the run admitted entries").isGreaterThan(100);
    assertThat(refused).as("the run reached the limits").isGreaterThan(100);
  }

  private static boolean fits(List<Sent> sent, OrderRequest entry) {
    String user = entry.owner();
    String symbol = entry.instrument().symbol();
    boolean buy = entry.action() == OrderAction.BUY;
    long q = entry.quantity();
    return projected(sent, user, symbol, buy, q) <= USER_PER_SYMBOL
        && projected(sent, null, symbol, buy, q) <= ACCOUNT_PER_SYMBOL
        && total(sent, user) + q <= USER_TOTAL;
  }

  /** Position plus working entries on the entry's side plus the entry; user null: the account. */
  private static long projected(List<Sent> sent, String user, String symbol, boolean buy, long q) {
    long position = 0;
    long working = 0;
    for (Sent s : sent) {
      if ((user == null || s.request.owner().equals(user))
          && s.request.instrument().symbol().equals(symbol)) {
        position += s.signed(s.filled);
        if (s.working && (s.request.action() == OrderAction.BUY) == buy) {
          working += s.request.quantity() - s.filled;
        }
      }
    }
    return Math.abs(buy ? position + working + q : position - working - q);
  }

  private static long total(List<Sent> sent, String user) {
    long sum = 0;
    for (String symbol : SYMBOLS) {
      long position = 0;
      for (Sent s : sent) {
        if (s.request.owner().equals(user) && s.request.instrument().symbol().equals(symbol)) {
          position += s.signed(s.filled);
          if (s.working) {
            sum += s.request.quantity() - s.filled;
          }
        }
      }
      sum += Math.abs(position);
    }
    return sum;
  }
}
