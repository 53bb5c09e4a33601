package com.tradeplan.archfixture.domain;

/** Keeps the rules: plain Java. */
public record CleanDomainValue(String name) {}
