package com.tradeplan.archfixture.store;

import com.tradeplan.archfixture.domain.CleanDomainValue;

/** Keeps the rules: the store depends on the domain. */
public class CleanStore {
  CleanDomainValue value;
}
