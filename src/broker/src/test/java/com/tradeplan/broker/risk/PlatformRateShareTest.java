package com.tradeplan.broker.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.testkit.MutableClock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The platform's order rate shared by the cluster's members (docs/risk.md, "The platform's rate in
 * a cluster"): each member lets through its equal share, recomputed when the membership changes,
 * and the members together never more than the platform's limit.
 */
class PlatformRateShareTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private int plans;

  private EntryLimits member(int platformPerSecond, AtomicInteger members) {
    EntryLimits limits =
        new EntryLimits(
            LimitLayers.of(RiskLimits.builder().platformOrdersPerSecond(platformPerSecond).build()),
            s -> null,
            new MutableClock(Instant.parse("2026-03-02T15:00:00Z")),
            ZoneId.of("America/New_York"),
            nanos::get);
    limits.setClusterMembers(members::get);
    return limits;
  }

  private OrderRequest entry() {
    return OrderRequest.market(
            new OrderRef("p" + ++plans, OrderRole.ENTRY, 0, 1),
            "u" + plans,
            Instrument.stock("AAPL"),
            OrderAction.BUY,
            1,
            "test")
        .withAccount("DU" + plans);
  }

  @Test
  void eachMemberLetsThroughItsShareAndTheShareFollowsTheMembership() {
    AtomicInteger members = new AtomicInteger(3);
    EntryLimits limits = member(6, members);
    assertThat(limits.admitEntry(entry()).admitted()).isTrue();
    assertThat(limits.admitEntry(entry()).admitted()).isTrue();
    assertThat(limits.admitEntry(entry()).refusal())
        .isEqualTo(
            "platform order rate limit 6/s, this member's share 2/s of 3 members, reached (3"
                + " entries in the last second with this one)");

    members.set(2); // a member left: the share is 3/s from the next entry on
    nanos.addAndGet(1_000_000_000L);
    for (int i = 0; i < 3; i++) {
      assertThat(limits.admitEntry(entry()).admitted()).as("entry %d of 3", i + 1).isTrue();
    }
    assertThat(limits.admitEntry(entry()).refusal())
        .startsWith("platform order rate limit 6/s, this member's share 3/s of 2 members,");

    members.set(1); // alone: the whole limit, worded as before clusters
    nanos.addAndGet(1_000_000_000L);
    for (int i = 0; i < 6; i++) {
      assertThat(limits.admitEntry(entry()).admitted()).isTrue();
    }
    assertThat(limits.admitEntry(entry()).refusal())
        .isEqualTo(
            "platform order rate limit 6/s reached (7 entries in the last second with this one)");
  }

  /**
   * Seeded: members each offered random entries at random times for 20 s of simulated time; in
   * every window of one second the members together let through at most the limit plus its burst
   * (what one member alone allows: a full bucket, then the refill).
   */
  @Test
  void theMembersTogetherNeverExceedTheWhole() {
    for (long seed : new long[] {3, 42, 20261205}) {
      Random r = new Random(seed);
      int perSecond = 2 + r.nextInt(20);
      int n = 1 + r.nextInt(5);
      AtomicInteger members = new AtomicInteger(n);
      EntryLimits[] cluster = new EntryLimits[n];
      for (int i = 0; i < n; i++) {
        cluster[i] = member(perSecond, members);
      }
      long start = nanos.get();
      java.util.List<Long> passed = new java.util.ArrayList<>();
      for (int step = 0; step < 4_000; step++) {
        nanos.addAndGet(r.nextInt(10_000_000)); // up to 10 ms between offers
        if (cluster[r.nextInt(n)].admitEntry(entry()).admitted()) {
          passed.add(nanos.get());
        }
      }
      long capacity = Math.max(perSecond, n); // each member's bucket holds at least one entry
      for (int i = 0; i < passed.size(); i++) {
        int inWindow = 0;
        for (int j = i; j < passed.size() && passed.get(j) - passed.get(i) < 1_000_000_000L; j++) {
          inWindow++;
        }
        assertThat((long) inWindow)
            .as(
                "seed %d: %d/s over %d members, window at %d ns",
                seed, perSecond, n, passed.get(i) - start)
            .isLessThanOrEqualTo(capacity + perSecond);
      }
      double seconds = (nanos.get() - start) / 1e9;
      assertThat((double) passed.size())
          .as("seed %d: in all, over %.3f s", seed, seconds)
          .isLessThanOrEqualTo(capacity + perSecond * seconds);
    }
  }
}
