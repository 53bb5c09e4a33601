package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

/**
 * A trader who meets an unreachable store reads one plain sentence: the driver's text (hosts,
 * replica set members, timeouts) goes to the log only (issue 20, security: "a 503 detail carries
 * MongoDB's exception text").
 */
class UnavailableAnswersTest {
  @Test
  void anUnreachableStoreIsAnsweredWithAPlainSentence() {
    RuntimeException driver =
        new IllegalStateException(
            "Timed out after 30000 ms while waiting for a server that matches"
                + " WritableServerSelector. Client view of cluster state is {type=REPLICA_SET,"
                + " servers=[{address=mongo-1.internal:27017, type=UNKNOWN, state=CONNECTING}]");

    CommandResult<PlanView> r = DraftPlans.storeUnavailable(driver);

    var u = assertInstanceOf(CommandResult.Unavailable.class, r);
    assertEquals(DraftPlans.STORE_UNAVAILABLE, u.reason());
    assertFalse(u.reason().contains("mongo-1"), u.reason());
    assertFalse(u.reason().contains("27017"), u.reason());
  }
}
