package com.tradeplan.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.runtime.TradingService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Resuming a live subscription: a client whose last sequence is ahead of what this process ever
 * sent (the server restarted, or the client moved to another member) reloads with a snapshot
 * instead of silently missing status changes. The trading facade is a stub: what is under test is
 * only how the subscription decides (the real facade is exercised by the API and end-to-end tests).
 */
class LiveSubscriptionsResumeTest {
  private final TradingService trading = mock(TradingService.class);
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
  private final ExecutorSubscribableChannel out = outbound();
  private final LiveSubscriptions live =
      new LiveSubscriptions(trading, () -> out, new ObjectMapper(), new SimpleMeterRegistry());

  /** An outbound channel like the broker's: a thread pool that can preserve publish order. */
  private ExecutorSubscribableChannel outbound() {
    pool.setCorePoolSize(1);
    pool.initialize();
    ExecutorSubscribableChannel channel = new ExecutorSubscribableChannel(pool);
    channel.subscribe(
        message -> sent.add(new String((byte[]) message.getPayload(), StandardCharsets.UTF_8)));
    // what Spring does for a broker registry with preservePublishOrder
    OrderedMessageChannelDecorator.configureInterceptor(channel, true);
    return channel;
  }

  @AfterEach
  void close() {
    live.close();
    pool.shutdown();
  }

  private void awaitSent(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (sent.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " messages, got " + sent);
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void aClientAheadOfThisServersSequenceGetsASnapshot() throws Exception {
    when(trading.lastSequence("alice")).thenReturn(3L);
    when(trading.openPlans("alice")).thenReturn(List.of());
    when(trading.subscribe(eq("alice"), anyLong(), any())).thenReturn(() -> {});
    live.open("s1", "sub1", "alice", 10L);
    awaitSent(1);
    assertThat(sent.get(0)).contains("\"snapshot\"").contains("ahead of this server");
  }

  @Test
  void aFreshClientGetsASnapshotAndOnlyTheUpdatesAfterIt() throws Exception {
    when(trading.lastSequence("alice")).thenReturn(7L);
    when(trading.openPlans("alice")).thenReturn(List.of());
    when(trading.subscribe(eq("alice"), anyLong(), any())).thenReturn(() -> {});
    live.open("s1", "sub1", "alice", null);
    // not from 0: the owner's older updates (fills of trades closed long ago) are not replayed
    verify(trading).subscribe(eq("alice"), eq(7L), any());
    awaitSent(1);
    assertThat(sent.get(0)).contains("\"snapshot\"").contains("first subscription");
  }

  @Test
  void aClientAheadIsSentTheUpdatesAfterThisServersSequence() {
    when(trading.lastSequence("alice")).thenReturn(3L);
    when(trading.openPlans("alice")).thenReturn(List.of());
    when(trading.subscribe(eq("alice"), anyLong(), any())).thenReturn(() -> {});
    live.open("s1", "sub1", "alice", 10L);
    // from the client's 10 this server's updates 4..10 would be dropped as already seen
    verify(trading).subscribe(eq("alice"), eq(3L), any());
  }

  @Test
  void aClientBehindResumesWithoutASnapshot() throws Exception {
    when(trading.lastSequence("alice")).thenReturn(3L);
    when(trading.subscribe(eq("alice"), anyLong(), any())).thenReturn(() -> {});
    live.open("s1", "sub1", "alice", 2L);
    verify(trading).subscribe(eq("alice"), eq(2L), any());
    // a snapshot would be sent right away by the sender pool; give it the same chance to appear
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
    while (System.nanoTime() < deadline && sent.isEmpty()) {
      Thread.onSpinWait();
    }
    assertThat(sent).isEmpty();
  }
}
