package com.tradeplan.archfixture.testkit;

import org.junit.jupiter.api.Assertions;

/** Breaks the test-framework rule: shipped code (the kit is a main jar) that needs JUnit. */
public class KitThatAssertsWithJUnit {
  void check(Object o) {
    Assertions.assertNotNull(o);
  }
}
