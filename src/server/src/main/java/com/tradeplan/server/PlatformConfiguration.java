package com.tradeplan.server;

import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.PlatformConfig;
import com.tradeplan.runtime.TradingService;
import com.tradeplan.server.ops.MicrometerMetricsSink;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.PlanCounts;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one {@link Platform} of this process, started from the environment ({@code MONGODB_URI},
 * {@code IB_HOST}, ... : {@link PlatformConfig#fromEnvironment}) and closed when Spring shuts down
 * (Ctrl-C, SIGTERM): broker link first, lanes drained, store writes flushed.
 *
 * <p>Spring properties {@code tradeplan.env.NAME=value} override the process environment for the
 * platform: tests run several servers in one JVM with their own ports and data directories.
 */
@Configuration(proxyBeanMethods = false)
public class PlatformConfiguration {

  /** The variables the platform reads: the process environment plus {@code tradeplan.env.*}. */
  public static Map<String, String> platformEnvironment(Environment spring) {
    Map<String, String> env = new HashMap<>(System.getenv());
    Binder.get(spring)
        .bind("tradeplan.env", Bindable.mapOf(String.class, String.class))
        .ifBound(
            overrides ->
                overrides.forEach(
                    (k, v) -> env.put(k.toUpperCase(Locale.ROOT).replace('-', '_'), v)));
    return env;
  }

  @Bean(destroyMethod = "close")
  Platform platform(Environment spring, MeterRegistry registry) {
    return Platform.start(
        PlatformConfig.fromEnvironment(platformEnvironment(spring)),
        new MicrometerMetricsSink(registry));
  }

  @Bean
  TradingService tradingService(Platform platform) {
    return platform.service();
  }

  /**
   * The platform's store connection, on which the server opens its own collections (users,
   * sessions, idempotency keys, audit: the store's repositories). The platform closes it, after its
   * writes are flushed; Spring must not (hence no destroy method).
   */
  @Bean(destroyMethod = "")
  MongoConfig.MongoConnection storeConnection(Platform platform) {
    return platform.storeConnection();
  }

  /** The plans-by-status counts of the metrics endpoint. */
  @Bean
  PlanCounts planCounts(MongoConfig.MongoConnection store) {
    return new PlanCounts(store);
  }
}
