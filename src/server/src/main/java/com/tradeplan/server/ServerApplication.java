package com.tradeplan.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Spring Boot server: REST API, live updates over WebSocket, security, health and metrics,
 * around one {@link com.tradeplan.runtime.Platform} ({@link PlatformConfiguration}). It holds no
 * trading logic. Boot's MongoDB and Hazelcast auto-configuration are off (application.properties):
 * the platform owns those connections. Logging is Boot's own configuration (the jar has no
 * logback.xml), as text or as JSON lines ({@link LogFormat}).
 */
@SpringBootApplication
@EnableScheduling
public class ServerApplication {
  /** Starts the server; returns once it is up (Ctrl-C / SIGTERM stop it cleanly). */
  public static ConfigurableApplicationContext run(String[] args) {
    SpringApplication app = new SpringApplication(ServerApplication.class);
    app.setDefaultProperties(LogFormat.defaults(System.getenv(LogFormat.VARIABLE)));
    app.setRegisterShutdownHook(true);
    return app.run(args);
  }
}
