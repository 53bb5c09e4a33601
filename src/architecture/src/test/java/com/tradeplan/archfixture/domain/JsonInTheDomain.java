package com.tradeplan.archfixture.domain;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Breaks the framework rule: the domain reaches for Jackson. */
public class JsonInTheDomain {
  String toJson(Object o) throws Exception {
    return new ObjectMapper().writeValueAsString(o);
  }
}
