package com.tradeplan.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Instrument;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {
  private static OrderRequest order(String plan, OrderRole role) {
    return OrderRequest.market(
        new OrderRef(plan, role, 0, 1),
        "alice",
        Instrument.stock("AAPL"),
        OrderAction.SELL,
        1,
        "t");
  }

  /**
   * What protects a position goes first: cancels of exits, stops and flattens, targets, then
   * cancels of entries and entries; each in arrival order.
   */
  @Test
  void exitCancelsThenStopsThenTargetsThenEntryCancelsThenEntriesEachInArrivalOrder()
      throws Exception {
    OutboundQueue<String> q = new OutboundQueue<>(100);
    q.offer("entry-1", OrderSender.priority(order("p1", OrderRole.ENTRY), false));
    q.offer("target-2", OrderSender.priority(order("p2", OrderRole.TARGET), false));
    q.offer("stop-3", OrderSender.priority(order("p3", OrderRole.STOP), false));
    q.offer("entry-4", OrderSender.priority(order("p4", OrderRole.ENTRY), false));
    q.offer("cancel-entry-5", OrderSender.priority(order("p5", OrderRole.ENTRY), true));
    q.offer("flatten-6", OrderSender.priority(order("p6", OrderRole.FLATTEN), false));
    q.offer("stop-7", OrderSender.priority(order("p7", OrderRole.STOP), false));
    q.offer("cancel-target-8", OrderSender.priority(order("p8", OrderRole.TARGET), true));
    List<String> out = new ArrayList<>();
    for (String s; (s = q.poll(0, TimeUnit.MILLISECONDS)) != null; ) {
      out.add(s);
    }
    assertThat(out)
        .containsExactly(
            "cancel-target-8",
            "stop-3",
            "flatten-6",
            "stop-7",
            "target-2",
            "cancel-entry-5",
            "entry-1",
            "entry-4");
  }

  /** A storm of entries never takes the room a stop needs: part of the queue is kept for exits. */
  @Test
  void entriesCannotFillTheRoomKeptForExitsAndCancels() throws Exception {
    int capacity = 20;
    int reserved = OrderSender.roomReservedForExits(capacity);
    OutboundQueue<String> q = new OutboundQueue<>(capacity, reserved, OrderSender.ENTRY_PRIORITY);
    int entry = OrderSender.priority(order("e", OrderRole.ENTRY), false);
    int entries = 0;
    while (q.offer("entry", entry)) {
      entries++;
    }
    assertThat(entries).isEqualTo(capacity - reserved);
    assertThat(q.offer("entry", entry, 10, TimeUnit.MILLISECONDS)).isFalse();
    for (int i = 0; i < reserved; i++) {
      int p =
          i % 2 == 0
              ? OrderSender.priority(order("s" + i, OrderRole.STOP), false)
              : OrderSender.priority(order("c" + i, OrderRole.ENTRY), true);
      assertThat(q.offer("exit-or-cancel", p)).as("reserved slot %d", i).isTrue();
    }
    assertThat(q.offer("stop", 1)).as("the queue itself stays bounded").isFalse();
    assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isEqualTo("exit-or-cancel");
  }

  @Test
  void atCapacityAnOfferFailsAfterItsWaitAndNothingIsDropped() throws Exception {
    OutboundQueue<Integer> q = new OutboundQueue<>(3);
    assertThat(q.offer(1, 3)).isTrue();
    assertThat(q.offer(2, 3)).isTrue();
    assertThat(q.offer(3, 0)).isTrue();
    assertThat(q.offer(4, 0)).as("full").isFalse();
    assertThat(q.offer(4, 0, 10, TimeUnit.MILLISECONDS)).as("still full after the wait").isFalse();
    assertThat(q.size()).isEqualTo(3);
    assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isEqualTo(3);
    assertThat(q.offer(4, 0, 10, TimeUnit.MILLISECONDS)).isTrue();
    q.removeIf(i -> i == 1);
    List<Integer> out = new ArrayList<>();
    for (Integer i; (i = q.poll(0, TimeUnit.MILLISECONDS)) != null; ) {
      out.add(i);
    }
    assertThat(out).containsExactly(4, 2);
  }

  /** Seeded: whatever the arrival order, the output is sorted by priority, stable within one. */
  @Test
  void randomArrivalsComeOutByPriorityThenArrival() throws Exception {
    for (long seed = 1; seed <= 20; seed++) {
      Random r = new Random(seed);
      OutboundQueue<int[]> q = new OutboundQueue<>(1_000);
      int n = 1 + r.nextInt(500);
      for (int i = 0; i < n; i++) {
        int p = r.nextInt(4);
        assertThat(q.offer(new int[] {p, i}, p)).isTrue();
      }
      int[] last = null;
      for (int[] e; (e = q.poll(0, TimeUnit.MILLISECONDS)) != null; ) {
        if (last != null) {
          assertThat(e[0] > last[0] || (e[0] == last[0] && e[1] > last[1]))
              .as("seed %d: %s after %s", seed, e, last)
              .isTrue();
        }
        last = e;
      }
      assertThat(q.size()).isZero();
    }
  }
}
