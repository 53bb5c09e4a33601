package com.tradeplan.archfixture.engine;

import com.tradeplan.archfixture.domain.CleanDomainValue;

/** Keeps the rules: the engine depends on the domain. */
public class CleanEngine {
  CleanDomainValue value;
}
