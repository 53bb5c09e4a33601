package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A member that connects to a peer which accepts the TCP connection and then never speaks (a frozen
 * process: SIGSTOP, a long GC pause, a hung host; its kernel still completes the connection) must
 * not turn one of its IO threads into a busy loop.
 *
 * <p>With Hazelcast's unified networking (one port for members and clients), the outbound pipeline
 * of such a connection waits for the peer's protocol bytes with its member handshake already
 * queued: it reports itself clean, finds the frame still queued, reschedules itself on its IO
 * thread and runs again, forever. That thread then burns a core and never gets to the other
 * connections it serves: in a 3-member cluster with one member frozen, the two survivors stopped
 * hearing each other's heartbeats, removed each other, and their merge never completed (both
 * without quorum, nobody trading: docs/cluster.md, "the majority split after a freeze"). The
 * member-only endpoint (advanced networking) waits for the peer's protocol blocked instead.
 *
 * <p>The check is a busy-loop detector, not a speed measurement: over a two-second window a
 * spinning thread uses about two seconds of CPU, a waiting one a few milliseconds.
 */
class SilentPeerTest {
  /** CPU a healthy IO output thread cannot come near while the member is idle. */
  private static final long BUSY_LOOP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  @Test
  void aMemberConnectedToAPeerThatNeverSpeaksKeepsItsIoThreadsIdle() throws Exception {
    int port = ClusterConfig.freePort("127.0.0.1");
    int silentPort = ClusterConfig.freePort("127.0.0.1");
    ClusterConfig config =
        ClusterConfig.loopback("silent-" + UUID.randomUUID(), port, List.of(port, silentPort));
    // Nothing listens on the peer's port yet: the member starts alone (an address that accepts
    // and never answers would also keep it from ever claiming mastership: Hazelcast's join).
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(config.toHazelcastConfig());
    try (ServerSocket silent =
        new ServerSocket(silentPort, 50, InetAddress.getByName("127.0.0.1"))) {
      // Hazelcast's split-brain search (every 5 s here) connects to the listed peer and queues
      // its handshake there; the peer takes the connection and never reads or writes.
      silent.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
      try (Socket frozen = silent.accept()) {
        String prefix = "hz." + hz.getName() + ".IO.thread-out";
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = outputThreadsCpu(threads, prefix);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        long used = outputThreadsCpu(threads, prefix) - before;
        assertThat(used)
            .as("CPU of %s* in 2 s (a busy loop uses about 2 s)", prefix)
            .isLessThan(BUSY_LOOP_NANOS);
      }
    } finally {
      hz.getLifecycleService().terminate();
    }
  }

  private static long outputThreadsCpu(ThreadMXBean threads, String prefix) {
    long sum = 0;
    int found = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith(prefix)) {
        sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
        found++;
      }
    }
    assertThat(found).as("IO output threads named %s*", prefix).isPositive();
    return sum;
  }
}
