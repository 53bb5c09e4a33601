package com.tradeplan.domain.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrderRefTest {
  @Test
  void anOrderRefPrintsAndParsesBackAndRefusesForeignText() {
    OrderRef ref = new OrderRef("p-1.x", OrderRole.TARGET, 2, 3);

    assertThat(ref.toString()).isEqualTo("p-1.x:TARGET:2:3");
    assertThat(OrderRef.parse(ref.toString())).isEqualTo(ref);
    assertThat(OrderRef.parse("manual order")).isNull();
    assertThat(OrderRef.parse(null)).isNull();
    assertThatThrownBy(() -> new OrderRef("p1", OrderRole.STOP, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
