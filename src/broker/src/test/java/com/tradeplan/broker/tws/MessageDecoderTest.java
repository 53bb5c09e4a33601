package com.tradeplan.broker.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each callback decoded from v193 fields, field by field; malformed input never escapes. */
class MessageDecoderTest {
  private final List<String> calls = new ArrayList<>();
  private final EWrapper recorder =
      new EWrapper() {
        @Override
        public void nextValidId(int orderId) {
          calls.add("nextValidId " + orderId);
        }

        @Override
        public void tickPrice(int tickerId, int field, BigDecimal price, int mask) {
          calls.add("tickPrice " + tickerId + " " + field + " " + price);
        }

        @Override
        public void tickSize(int tickerId, int field, BigDecimal size) {
          calls.add("tickSize " + tickerId + " " + field + " " + size);
        }

        @Override
        public void orderStatus(
            int id,
            String status,
            BigDecimal filled,
            BigDecimal remaining,
            BigDecimal avg,
            long permId,
            int parentId,
            BigDecimal last,
            int clientId,
            String whyHeld,
            BigDecimal cap) {
          calls.add(
              "orderStatus "
                  + id
                  + " "
                  + status
                  + " "
                  + filled
                  + "/"
                  + remaining
                  + " @"
                  + avg
                  + " perm "
                  + permId
                  + " parent "
                  + parentId
                  + " client "
                  + clientId);
        }

        @Override
        public void execDetails(int reqId, Contract c, Execution e) {
          calls.add(
              "exec "
                  + reqId
                  + " "
                  + c.symbol
                  + " "
                  + e.execId()
                  + " "
                  + e.side()
                  + " "
                  + e.shares()
                  + "@"
                  + e.price()
                  + " ref "
                  + e.orderRef()
                  + " order "
                  + e.orderId());
        }

        @Override
        public void commissionReport(CommissionReport r) {
          calls.add("commission " + r.execId() + " " + r.commission() + " " + r.currency());
        }

        @Override
        public void position(String account, Contract c, BigDecimal pos, BigDecimal avgCost) {
          calls.add("position " + account + " " + c.symbol + " " + pos + " " + avgCost);
        }

        @Override
        public void error(int id, int code, String msg, String advanced) {
          calls.add("error " + id + " " + code + " " + msg);
        }

        @Override
        public void tickByTickAllLast(
            int reqId,
            int type,
            long time,
            BigDecimal price,
            BigDecimal size,
            int mask,
            String exchange,
            String special) {
          calls.add("tbt " + reqId + " " + time + " " + price + " " + size);
        }
      };

  private void decode(String... fields) {
    MessageDecoder.dispatch(List.of(fields), recorder);
  }

  @Test
  void decodesOrderStatusWithoutVersionField() {
    decode("3", "12", "Submitted", "40", "60", "101.5", "1000001", "0", "101.5", "5", "", "0");
    assertThat(calls)
        .containsExactly("orderStatus 12 Submitted 40/60 @101.5 perm 1000001 parent 0 client 5");
  }

  @Test
  void decodesExecutionDetailsAndCommission() {
    decode(
        "11",
        "-1",
        "12",
        "265598",
        "AAPL",
        "STK",
        "",
        "0",
        "",
        "",
        "SMART",
        "USD",
        "AAPL",
        "NMS",
        "0001.0002.01.01",
        "20260302  14:30:01",
        "DU1",
        "ISLAND",
        "BOT",
        "40",
        "101.5",
        "1000001",
        "5",
        "0",
        "40",
        "101.5",
        "p1:ENTRY:0:1",
        "",
        "",
        "",
        "1",
        "0");
    decode("59", "1", "0001.0002.01.01", "1.25", "USD", "1.7976931348623157E308", "", "");
    assertThat(calls)
        .containsExactly(
            "exec -1 AAPL 0001.0002.01.01 BOT 40@101.5 ref p1:ENTRY:0:1 order 12",
            "commission 0001.0002.01.01 1.25 USD");
  }

  @Test
  void decodesPositionErrorIdsAndTicks() {
    decode(
        "61", "3", "DU1", "265598", "AAPL", "STK", "", "0", "", "", "SMART", "USD", "AAPL", "NMS",
        "100", "101.25");
    decode("4", "2", "12", "201", "Order rejected - reason:test", "");
    decode("9", "1", "17");
    decode("1", "3", "5", "4", "101.25", "300", "0");
    decode("99", "7", "1", "1772461800", "101.25", "300", "0", "PAPER", "");
    assertThat(calls)
        .containsExactly(
            "position DU1 AAPL 100 101.25",
            "error 12 201 Order rejected - reason:test",
            "nextValidId 17",
            "tickPrice 5 4 101.25",
            "tickSize 5 5 300",
            "tbt 7 1772461800 101.25 300");
  }

  /**
   * A decimal as precise as the paper gateway's average prices (34 digits) is read; one with more
   * than {@link FieldReader#MAX_DECIMAL_DIGITS} digits either side of the point is garbage.
   */
  @Test
  void decimalsAreBoundedInDigitsNotInPrecisionIbOrTheGatewayUses() {
    decode("1", "3", "5", "4", "102.2333333333333333333333333333333", "300", "0");
    assertThat(calls).startsWith("tickPrice 5 4 102.2333333333333333333333333333333");
    assertThatThrownBy(() -> decode("1", "3", "5", "4", "1E-51", "300", "0"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("not a plausible decimal");
    assertThatThrownBy(() -> decode("1", "3", "5", "4", "1E+51", "300", "0"))
        .isInstanceOf(MalformedMessageException.class);
    calls.clear();
    decode("1", "3", "5", "4", "1.7976931348623157E308", "300", "0");
    assertThat(calls).as("IB's unset sentinel is no price").startsWith("tickPrice 5 4 null");
  }

  @Test
  void unknownMessageIdIsSkippedNotFatal() {
    assertThat(MessageDecoder.dispatch(List.of("777", "x"), recorder)).isFalse();
    assertThat(calls).isEmpty();
  }

  @Test
  void garbageAndTruncatedFieldsAreMalformedMessages() {
    assertThatThrownBy(() -> decode("3", "twelve", "Submitted"))
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> decode("3", "12"))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("ended");
    assertThatThrownBy(() -> decode("11", "-1", "12", "x"))
        .isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void theReaderSurvivesAMalformedMessageAndAThrowingCallback() {
    EClientSocket client =
        new EClientSocket(
            new EWrapper() {
              @Override
              public void nextValidId(int id) {
                if (id == 1) {
                  throw new IllegalStateException("listener bug");
                }
                calls.add("nextValidId " + id);
              }
            },
            null);
    client.handle(new byte[] {'9', 0, '1', 0, 'x', 0});
    client.handle(new byte[] {'9', 0, '1', 0, '1', 0});
    client.handle(new byte[] {'9', 0, '1', 0, '2', 0});
    assertThat(calls).containsExactly("nextValidId 2");
  }

  @Test
  void oversizeAndNegativeLengthsAreBrokenFramesAndTruncationIsEof() {
    assertThatThrownBy(
            () -> Frames.readBody(stream(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, 0x00})))
        .isInstanceOf(MalformedFrameException.class);
    assertThatThrownBy(() -> Frames.readBody(stream(new byte[] {(byte) 0xff, 0, 0, 1})))
        .isInstanceOf(MalformedFrameException.class);
    assertThatThrownBy(() -> Frames.readBody(stream(new byte[] {0, 0, 0, 9, '1', 0})))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> Frames.readBody(stream(new byte[] {0, 0})))
        .isInstanceOf(EOFException.class);
  }

  private static DataInputStream stream(byte[] b) {
    return new DataInputStream(new ByteArrayInputStream(b));
  }
}
