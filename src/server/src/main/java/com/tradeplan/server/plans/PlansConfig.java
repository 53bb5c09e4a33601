package com.tradeplan.server.plans;

import com.tradeplan.store.IdempotencyRepository;
import com.tradeplan.store.MongoConfig;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plans feature's own store: idempotency keys. */
@Configuration(proxyBeanMethods = false)
public class PlansConfig {
  @Bean
  IdempotencyStore idempotencyStore(
      MongoConfig.MongoConnection store, @Value("${tradeplan.idempotency.ttl}") Duration ttl) {
    return new IdempotencyStore(new IdempotencyRepository(store, ttl), Clock.systemUTC());
  }
}
