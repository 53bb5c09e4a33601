package com.tradeplan.gateway;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every test class of this module (registered by JUnit's extension autodetection, see
 * junit-platform.properties): Awaitility asks a condition at once and then every 10 ms, instead of
 * its defaults of a first look after 100 ms and every 100 ms after. With those defaults every
 * {@code await()} cost at least 100 ms even when its condition already held, and the module runs
 * several hundred of them. Only how soon a wait notices changes: every bound (atMost) and every
 * {@code during} stays as each test states it.
 */
public final class PromptAwaits implements BeforeAllCallback {
  static final Duration POLL = Duration.ofMillis(10);

  @Override
  public void beforeAll(ExtensionContext context) {
    Awaitility.setDefaultPollDelay(Duration.ZERO);
    Awaitility.setDefaultPollInterval(POLL);
  }
}
