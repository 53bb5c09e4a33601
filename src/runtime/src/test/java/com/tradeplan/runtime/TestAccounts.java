package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tradeplan.store.UserRepository;
import java.util.List;

/**
 * Test setup for accounts: a trader exists in the store and is linked to an IB account, as an
 * operator does through the API, so that its plans may be activated.
 */
final class TestAccounts {
  private TestAccounts() {}

  /** Stores {@code owner} as a trader (when not there yet) and links it to {@code account}. */
  static void link(Platform platform, String owner, String account) {
    new UserRepository(platform.storeConnection())
        .insert(new UserRepository.StoredUser(owner, "no-login", List.of("TRADER"), null));
    assertEquals(
        UserAccounts.Linked.LINKED,
        platform.accounts().link(owner, account),
        "link " + owner + " to " + account);
  }
}
