package com.tradeplan.server.ops;

import com.tradeplan.runtime.Platform;
import com.tradeplan.server.PlatformConfiguration;
import com.tradeplan.server.security.DemoUsers;
import com.tradeplan.server.security.UserStore;
import com.tradeplan.store.AdminAuditLog;
import com.tradeplan.store.MongoConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Creates the demo users on a first start, then prints where everything is: the URL, the API docs,
 * the store, the IB gateway, and the demo users. Passwords are printed on the console only (never
 * through the logger, so never into a log file), and only at the start that created them.
 */
@Component
public class StartupReport {
  private final UserStore users;
  private final AdminAuditLog audit;
  private final Platform platform;
  private final Environment spring;

  public StartupReport(
      UserStore users, AdminAuditLog audit, Platform platform, Environment spring) {
    this.users = users;
    this.audit = audit;
    this.platform = platform;
    this.spring = spring;
  }

  @EventListener
  public void ready(ApplicationReadyEvent event) {
    Map<String, String> env = PlatformConfiguration.platformEnvironment(spring);
    boolean demo = "1".equals(env.get("TRADEPLAN_DEMO"));
    List<DemoUsers.Credentials> created = DemoUsers.createIfNoUsers(users, audit, demo);
    if (platform.embeddedGateway() != null) {
      DemoUsers.linkPaperAccounts(
          platform.accounts(), audit, platform.embeddedGateway().accounts(), created);
    }
    int port =
        event.getApplicationContext() instanceof WebServerApplicationContext w
            ? w.getWebServer().getPort()
            : -1;
    print(System.out, port, env, demo, created);
  }

  void print(
      PrintStream out,
      int port,
      Map<String, String> env,
      boolean demo,
      List<DemoUsers.Credentials> created) {
    String base = "http://localhost:" + port;
    StringBuilder s = new StringBuilder();
    s.append("\n=== Tradeplan is up ===\n");
    s.append("  web UI and API   ").append(base).append("/\n");
    s.append("  API docs         ")
        .append(base)
        .append("/swagger-ui.html  (OpenAPI JSON: /api-docs)\n");
    s.append("  live updates     ws://localhost:").append(port).append("/ws  (STOMP)\n");
    s.append("  health, metrics  ")
        .append(base)
        .append("/actuator/health, /actuator/prometheus (OPERATOR)\n");
    s.append("  store            ").append(store(env)).append('\n');
    s.append("  IB gateway       ").append(gateway(env)).append('\n');
    if (!created.isEmpty()) {
      s.append(
          demo
              ? "  demo users (fixed demo passwords, TRADEPLAN_DEMO=1; see docs/security.md):\n"
              : "  users created now; their passwords are shown this once, write them down:\n");
      for (DemoUsers.Credentials c : created) {
        s.append(String.format("    %-6s %-15s %s%n", c.username(), c.role(), c.password()));
      }
    } else if (demo) {
      s.append("  demo users       alice, bob (TRADER), sam (STRATEGY_ADMIN), ana (ANALYST),")
          .append(" oscar (OPERATOR); password <name>-demo-password if created in demo mode\n");
    } else {
      s.append("  users            already exist (created at an earlier start)\n");
    }
    s.append("  log in           curl -s -X POST ")
        .append(base)
        .append(
            "/api/auth/login -H 'Content-Type: application/json' -d '{\"username\":\"alice\",\"password\":\"...\"}'\n");
    s.append("  stop             Ctrl-C (the platform drains and flushes before exiting)\n");
    out.println(s);
    out.flush();
  }

  private String store(Map<String, String> env) {
    String uri = env.get("MONGODB_URI");
    if (uri == null || uri.isBlank()) {
      return "embedded MongoDB-compatible store under "
          + env.getOrDefault("TRADEPLAN_DATA_DIR", "./data");
    }
    return MongoConfig.hostsOf(uri)
        .map(hosts -> "MongoDB " + hosts + " (credentials not shown)")
        .orElse("MongoDB (MONGODB_URI set)");
  }

  private String gateway(Map<String, String> env) {
    if (platform.embeddedGateway() != null) {
      return "embedded paper gateway on 127.0.0.1:"
          + platform.embeddedGateway().port()
          + " replaying generated demo ticks";
    }
    return env.get("IB_HOST") + ":" + env.getOrDefault("IB_PORT", "4002");
  }
}
