package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.broker.RiskGate;
import com.tradeplan.domain.broker.SubmitResult;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Who may release the kill switch: the store's share only when no engine lane waits for the writer
 * and the writer drained, an operator's share only an operator. Two lane threads play the race of
 * {@link StepPersistence#write}: both find the queue full, the writer takes one lane's write first.
 */
class KillSwitchReleaseTest {
  private static final int CAPACITY = 100;
  private static final long WAIT_SECONDS = 10;

  private final AtomicInteger queueDepth = new AtomicInteger(CAPACITY);
  private final RiskGate gate = GateOrders.openGate();
  private final KillSwitch killSwitch = new KillSwitch(gate, queueDepth::get, CAPACITY);

  @Test
  void theFirstLaneWhoseWriteIsTakenDoesNotReleaseTheSwitchWhileAnotherLaneStillWaits()
      throws Exception {
    CountDownLatch bothWaiting = new CountDownLatch(2);
    CountDownLatch takeFirst = new CountDownLatch(1);
    CountDownLatch firstTaken = new CountDownLatch(1);
    CountDownLatch takeSecond = new CountDownLatch(1);
    CountDownLatch secondTaken = new CountDownLatch(1);
    Thread first = lane("lane-0", bothWaiting, takeFirst, firstTaken);
    Thread second = lane("lane-1", bothWaiting, takeSecond, secondTaken);
    first.start();
    second.start();
    assertTrue(bothWaiting.await(WAIT_SECONDS, TimeUnit.SECONDS), "both lanes found it full");
    assertTrue(killSwitch.engaged(), "a full store queue stops new orders");

    // The writer takes lane-0's write; lane-1 still waits with its own.
    queueDepth.set(CAPACITY);
    takeFirst.countDown();
    assertTrue(firstTaken.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertTrue(killSwitch.engaged(), "lane-1 still waits for the store: orders stay stopped");
    assertEquals(SubmitResult.Code.DENIED, gate.submit(GateOrders.entry(1)).code());

    // lane-1's write is taken too, but the queue is still full: the next write would wait again.
    takeSecond.countDown();
    assertTrue(secondTaken.await(WAIT_SECONDS, TimeUnit.SECONDS));
    first.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    second.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    assertTrue(killSwitch.engaged(), "not released while the queue has not drained");
    assertTrue(killSwitch.heldByStore());

    // The writer drains (the platform's timer reassesses every second).
    queueDepth.set(CAPACITY / 2 + 1);
    killSwitch.reassess();
    assertTrue(killSwitch.engaged(), "above the drained mark: still stopped");
    queueDepth.set(CAPACITY / 2);
    killSwitch.reassess();
    assertFalse(killSwitch.engaged(), "no lane waits and the writer drained: orders go again");
    assertTrue(gate.submit(GateOrders.entry(2)).accepted());
  }

  @Test
  void theStoreNeverReleasesWhatAnOperatorEngaged() {
    killSwitch.engage("desk closed");
    killSwitch.storeQueueFull();
    queueDepth.set(0);
    killSwitch.storeQueueAccepted();
    killSwitch.reassess();

    assertTrue(killSwitch.engaged(), "the operator's switch stays engaged");
    assertTrue(killSwitch.engagedByOperator());
    assertFalse(killSwitch.heldByStore());
    assertTrue(gate.submit(GateOrders.entry(1)).reason().contains("desk closed"));

    killSwitch.release();
    assertFalse(killSwitch.engaged());
  }

  @Test
  void anOperatorsReleaseLeavesTheStoresShareEngaged() {
    killSwitch.engage("desk closed");
    killSwitch.storeQueueFull();

    killSwitch.release();

    assertTrue(killSwitch.engaged(), "a lane still waits for the store");
    assertTrue(gate.submit(GateOrders.entry(1)).reason().contains(KillSwitch.STORE_QUEUE_FULL));
    queueDepth.set(0);
    killSwitch.storeQueueAccepted();
    assertFalse(killSwitch.engaged());
  }

  /** A lane thread as {@link StepPersistence#write} runs it when the queue is full. */
  private Thread lane(
      String name, CountDownLatch waiting, CountDownLatch taken, CountDownLatch accepted) {
    Thread t =
        new Thread(
            () -> {
              killSwitch.storeQueueFull();
              waiting.countDown();
              try {
                if (taken.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                  killSwitch.storeQueueAccepted();
                  accepted.countDown();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    t.setDaemon(true);
    return t;
  }
}
