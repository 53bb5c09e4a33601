package com.tradeplan.archfixture.testkit;

import com.tradeplan.archfixture.domain.CleanDomainValue;

/** Keeps the rules: the test kit builds the domain's values, for tests only. */
public class CleanTestKit {
  CleanDomainValue build() {
    return new CleanDomainValue("built");
  }
}
