package com.tradeplan.archfixture.store;

import com.tradeplan.archfixture.testkit.CleanTestKit;

/** Breaks the test-kit rule (and the layers): production code that needs the test kit. */
public class StoreThatUsesTheTestKit {
  CleanTestKit kit;
}
