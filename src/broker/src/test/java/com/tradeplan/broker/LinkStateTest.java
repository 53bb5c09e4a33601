package com.tradeplan.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.broker.IbBroker.LinkState;
import com.tradeplan.domain.IllegalTransitionException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every cell of the link state table, against a table written here by hand. */
class LinkStateTest {

  /**
   * Connect, reconcile, ready, reconcile again on the live link; IB's 1100 stops the link until
   * 1101/1102 and a reconcile; any drop; closing ends it all.
   */
  private static final Map<String, String> LINK =
      Map.of(
          "DISCONNECTED", "CONNECTING CLOSED",
          "CONNECTING", "RECONCILING DISCONNECTED CLOSED",
          "RECONCILING", "READY CONNECTIVITY_LOST DISCONNECTED CLOSED",
          "READY", "RECONCILING CONNECTIVITY_LOST DISCONNECTED CLOSED",
          "CONNECTIVITY_LOST", "RECONCILING DISCONNECTED CLOSED",
          "CLOSED", "");

  static Stream<Arguments> pairs() {
    LinkState[] all = LinkState.values();
    return Arrays.stream(all).flatMap(a -> Arrays.stream(all).map(b -> Arguments.of(a, b)));
  }

  @Test
  void theExpectedTableNamesEveryState() {
    assertThat(LINK.keySet())
        .isEqualTo(Arrays.stream(LinkState.values()).map(Enum::name).collect(Collectors.toSet()));
  }

  @ParameterizedTest(name = "link {0} -> {1}")
  @MethodSource("pairs")
  void theLinkMovesExactlyAsTheTableSays(LinkState from, LinkState to) {
    boolean expected = Set.of(LINK.get(from.name()).split(" ")).contains(to.name());

    assertThat(from.canMoveTo(to)).as("canMoveTo " + from + " -> " + to).isEqualTo(expected);
    if (expected || from == to) {
      assertThat(from.moveTo(to)).isSameAs(to);
    } else {
      assertThatThrownBy(() -> from.moveTo(to))
          .isInstanceOf(IllegalTransitionException.class)
          .hasMessage("link state cannot move from " + from + " to " + to);
    }
  }
}
