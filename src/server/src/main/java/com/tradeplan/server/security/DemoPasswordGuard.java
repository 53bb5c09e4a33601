package com.tradeplan.server.security;

import com.tradeplan.server.PlatformConfiguration;
import com.tradeplan.store.AdminAuditLog;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Outside demo mode ({@code ./tradeplan serve}, Docker), no account may keep its public demo
 * password: a data folder once used by {@code ./tradeplan up} still holds {@code alice} / {@code
 * alice-demo-password} and the rest (docs/security.md, "Demo users"). Checked once all beans exist
 * and before the web server listens:
 *
 * <ul>
 *   <li>by default the start is <b>refused</b> (the exception names the accounts and both ways out:
 *       reset their passwords under {@code up}, or start with {@code
 *       TRADEPLAN_DISABLE_DEMO_USERS=1});
 *   <li>with {@code TRADEPLAN_DISABLE_DEMO_USERS=1} they are <b>disabled</b> (audited, their
 *       sessions ended) and the console says which.
 * </ul>
 *
 * In demo mode ({@code TRADEPLAN_DEMO=1}) nothing is checked: that is what the passwords are for. A
 * throw here stops the start (Spring closes what it started; {@code Main} prints the reason).
 */
@Component
public class DemoPasswordGuard implements SmartInitializingSingleton {
  private static final Logger LOG = LoggerFactory.getLogger(DemoPasswordGuard.class);

  /** The variable that disables the demo accounts instead of refusing the start. */
  public static final String DISABLE_DEMO_USERS = "TRADEPLAN_DISABLE_DEMO_USERS";

  private final UserStore users;
  private final SessionStore sessions;
  private final AdminAuditLog audit;
  private final Environment spring;

  public DemoPasswordGuard(
      UserStore users, SessionStore sessions, AdminAuditLog audit, Environment spring) {
    this.users = users;
    this.sessions = sessions;
    this.audit = audit;
    this.spring = spring;
  }

  @Override
  public void afterSingletonsInstantiated() {
    Map<String, String> env = PlatformConfiguration.platformEnvironment(spring);
    if ("1".equals(env.get("TRADEPLAN_DEMO"))) {
      return;
    }
    List<String> exposed = DemoUsers.stillWithDemoPassword(users);
    if (exposed.isEmpty()) {
      return;
    }
    if (!"1".equals(env.get(DISABLE_DEMO_USERS))) {
      throw new IllegalStateException(
          "refusing to start outside demo mode: the accounts "
              + exposed
              + " still have their public demo passwords (this data folder was used by"
              + " ./tradeplan up). Reset their passwords (an operator, under ./tradeplan up:"
              + " POST /api/ops/users/{name}/password), or start with "
              + DISABLE_DEMO_USERS
              + "=1 to disable them.");
    }
    for (String name : exposed) {
      users.setDisabled(name, true);
      sessions.closeAll(name);
      audit.record(
          "system",
          "user.disable",
          name,
          Map.of("reason", "public demo password at a start outside demo mode"));
    }
    String line =
        "tradeplan: disabled the accounts "
            + exposed
            + " (public demo passwords; "
            + DISABLE_DEMO_USERS
            + "=1). An operator can reset their passwords and enable them.";
    LOG.warn(line);
    System.out.println(line);
  }
}
