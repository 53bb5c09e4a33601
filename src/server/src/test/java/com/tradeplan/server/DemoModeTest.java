package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.runtime.Platform;
import com.tradeplan.server.security.DemoUsers;
import com.tradeplan.server.security.Role;
import com.tradeplan.server.security.UserStore;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.UserRepository;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Demo accounts never reach a server outside demo mode with their public passwords, and a demo
 * server listens on loopback only (issue 20, security: "demo users survive into serve").
 */
class DemoModeTest extends ServerTestBase {
  @Autowired ServletWebServerApplicationContext web;

  @Test
  void aDemoServerListensOnLoopbackOnly() {
    Connector connector = ((TomcatWebServer) web.getWebServer()).getTomcat().getConnector();
    Object address = connector.getProperty("address");
    assertThat(address).isInstanceOf(InetAddress.class);
    assertThat(((InetAddress) address).isLoopbackAddress()).as("bound to " + address).isTrue();
  }

  @Test
  void serveRefusesDemoPasswordsOrDisablesThemWhenAskedTo() throws Exception {
    Path dir = Files.createTempDirectory("tradeplan-serve-test");
    // The store a former ./tradeplan up left in the data folder.
    try (MongoConfig.MongoConnection c =
        MongoConfig.fromEnvironment(Map.of("TRADEPLAN_DATA_DIR", dir.toString())).connect()) {
      UserStore users = new UserStore(new UserRepository(c), new BCryptPasswordEncoder(4));
      users.create("alice", DemoUsers.demoPassword("alice"), Set.of(Role.TRADER));
      users.create("oscar", "a-real-password-9", Set.of(Role.OPERATOR));
    }

    assertThatThrownBy(() -> serve(dir, false).close())
        .hasStackTraceContaining("refusing to start outside demo mode")
        .hasStackTraceContaining("[alice]")
        .hasStackTraceContaining("TRADEPLAN_DISABLE_DEMO_USERS=1");

    try (ConfigurableApplicationContext ctx = serve(dir, true)) {
      MongoConfig.MongoConnection c = ctx.getBean(Platform.class).storeConnection();
      UserRepository users = new UserRepository(c);
      assertThat(users.find("alice").orElseThrow().disabled()).isTrue();
      assertThat(users.find("oscar").orElseThrow().disabled())
          .as("a real password stays enabled")
          .isFalse();
    }
  }

  /** A server outside demo mode on {@code dir}, in this JVM. */
  private static ConfigurableApplicationContext serve(Path dir, boolean disableDemoUsers) {
    return ServerApplication.run(
        new String[] {
          "--server.port=0",
          "--tradeplan.env.TRADEPLAN_DATA_DIR=" + dir,
          "--tradeplan.env.TRADEPLAN_GATEWAY_PORT=0",
          "--tradeplan.env.TRADEPLAN_DEMO=0",
          "--tradeplan.env.TRADEPLAN_DISABLE_DEMO_USERS=" + (disableDemoUsers ? "1" : "0"),
          "--tradeplan.security.bcrypt-strength=4",
          "--spring.main.register-shutdown-hook=false"
        });
  }
}
