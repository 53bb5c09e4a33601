package com.tradeplan.server.ops;

import com.tradeplan.server.plans.IdempotencyStore;
import com.tradeplan.server.security.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes expired sessions and idempotency keys every ten minutes (bounded collections). */
@Component
public class Housekeeping {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
  private final SessionStore sessions;
  private final IdempotencyStore keys;

  public Housekeeping(SessionStore sessions, IdempotencyStore keys) {
    this.sessions = sessions;
    this.keys = keys;
  }

  @Scheduled(initialDelay = 60_000, fixedDelay = 600_000)
  public void purge() {
    try {
      long s = sessions.purgeExpired();
      long k = keys.purgeExpired();
      if (s + k > 0) {
        LOG.info("purged {} expired sessions and {} idempotency keys", s, k);
      }
    } catch (RuntimeException e) {
      LOG.warn("housekeeping failed: {}", e.toString());
    }
  }
}
