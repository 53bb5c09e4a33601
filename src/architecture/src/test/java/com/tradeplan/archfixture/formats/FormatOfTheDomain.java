package com.tradeplan.archfixture.formats;

import com.tradeplan.archfixture.domain.CleanDomainValue;

/** Keeps the rules: a format reads and writes domain values. */
public class FormatOfTheDomain {
  CleanDomainValue value;
}
