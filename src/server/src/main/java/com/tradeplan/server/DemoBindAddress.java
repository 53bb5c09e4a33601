package com.tradeplan.server;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In demo mode ({@code TRADEPLAN_DEMO=1}, what {@code ./tradeplan up} sets) the HTTP server listens
 * on 127.0.0.1 only, unless told otherwise ({@code SERVER_ADDRESS} or {@code server.address}, e.g.
 * {@code SERVER_ADDRESS=0.0.0.0}): demo accounts have public passwords, so a demo must not be
 * reachable from the network by accident (docs/security.md). Runs once, before the context, as a
 * Spring Boot {@link EnvironmentPostProcessor} (META-INF/spring.factories); the default it adds has
 * the lowest precedence.
 */
public class DemoBindAddress implements EnvironmentPostProcessor {
  static final String LOOPBACK = "127.0.0.1";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication app) {
    if (!"1".equals(PlatformConfiguration.platformEnvironment(env).get("TRADEPLAN_DEMO"))) {
      return;
    }
    if (env.getProperty("server.address") != null) {
      return;
    }
    env.getPropertySources()
        .addLast(new MapPropertySource("tradeplan-demo-bind", Map.of("server.address", LOOPBACK)));
  }
}
