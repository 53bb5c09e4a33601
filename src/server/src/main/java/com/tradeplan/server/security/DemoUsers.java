package com.tradeplan.server.security;

import com.tradeplan.store.AdminAuditLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo users created on a first start (an empty {@code users} collection): two traders, a
 * strategy admin, an analyst and an operator. With {@code TRADEPLAN_DEMO=1} (what {@code
 * ./tradeplan up} sets) their passwords are the fixed ones documented in docs/security.md, for a
 * machine that only runs the demo; otherwise each gets a random password that is printed once on
 * the console at that start and never stored or logged anywhere.
 */
public final class DemoUsers {
  /** User name, role and the fixed demo password. */
  public static final Map<String, Role> USERS = new LinkedHashMap<>();

  static {
    USERS.put("alice", Role.TRADER);
    USERS.put("bob", Role.TRADER);
    USERS.put("sam", Role.STRATEGY_ADMIN);
    USERS.put("ana", Role.ANALYST);
    USERS.put("oscar", Role.OPERATOR);
  }

  /** The fixed password of a demo user under {@code TRADEPLAN_DEMO=1}. */
  public static String demoPassword(String username) {
    return username + "-demo-password";
  }

  /**
   * The demo accounts that still have their public demo password and are not disabled (one BCrypt
   * check per demo name that exists): a data folder once used by {@code ./tradeplan up}.
   */
  public static List<String> stillWithDemoPassword(UserStore users) {
    List<String> found = new ArrayList<>();
    for (String name : USERS.keySet()) {
      var user = users.find(name);
      if (user.isPresent()
          && !user.get().disabled()
          && users.hasPassword(name, demoPassword(name))) {
        found.add(name);
      }
    }
    return found;
  }

  /** A created user with the password to show once. */
  public record Credentials(String username, Role role, String password) {}

  private DemoUsers() {}

  /**
   * Creates the demo users when there are no users at all; returns what was created (empty when
   * users existed). Each creation is audited (actor {@code system}).
   */
  public static List<Credentials> createIfNoUsers(
      UserStore users, AdminAuditLog audit, boolean demo) {
    List<Credentials> created = new ArrayList<>();
    if (users.count() > 0) {
      return created;
    }
    for (Map.Entry<String, Role> u : USERS.entrySet()) {
      String password = demo ? demoPassword(u.getKey()) : SecretGenerator.password();
      if (users.create(u.getKey(), password, Set.of(u.getValue())) == UserStore.Created.CREATED) {
        audit.record(
            "system",
            "user.create",
            u.getKey(),
            Map.of(
                "roles",
                List.of(u.getValue().name()),
                "reason",
                demo ? "demo user" : "first start"));
        created.add(new Credentials(u.getKey(), u.getValue(), password));
      }
    }
    return created;
  }
}
