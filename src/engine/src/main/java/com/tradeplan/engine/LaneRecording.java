package com.tradeplan.engine;

import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.recording.LaneInput;
import com.tradeplan.engine.recording.LaneRecorder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lane's tap into the {@link LaneRecorder}: what the lane ran (called by {@link Lane} and by
 * {@link LaneEngine}'s work on the lane), and, through the broker and listener it wraps for the
 * lane's core, the orders and cancels the core sent and the history events its steps produced. All
 * of it on the lane's thread, in the order it happened. A recorder that throws is logged and
 * ignored: the recording must never stop a lane.
 */
final class LaneRecording {
  private static final Logger LOG = LoggerFactory.getLogger(LaneRecording.class);

  private final int lane;
  private final LaneRecorder recorder;

  LaneRecording(int lane, LaneRecorder recorder) {
    this.lane = lane;
    this.recorder = recorder;
  }

  boolean enabled() {
    return recorder != LaneRecorder.NONE;
  }

  void record(LaneInput input) {
    if (!enabled()) {
      return;
    }
    try {
      recorder.record(lane, input);
    } catch (RuntimeException e) {
      LOG.error("lane {}: the recorder failed; the lane goes on", lane, e);
    }
  }

  /** The lane's broker: every order and cancel the core sends, recorded with the port's answer. */
  Broker broker(Broker broker) {
    if (!enabled()) {
      return broker;
    }
    return new Broker() {
      @Override
      public SubmitResult submit(OrderRequest request) {
        SubmitResult r = broker.submit(request);
        record(new LaneInput.OrderSent(request, r));
        return r;
      }

      @Override
      public SubmitResult cancel(OrderRef ref) {
        SubmitResult r = broker.cancel(ref);
        record(new LaneInput.CancelSent(ref, r));
        return r;
      }

      @Override
      public void setListener(BrokerListener listener) {
        broker.setListener(listener);
      }
    };
  }

  /** The lane's listener: every step's history events recorded before it is handed on. */
  EngineListener listener(EngineListener listener) {
    if (!enabled()) {
      return listener;
    }
    return new EngineListener() {
      @Override
      public void onStep(String owner, Step step) {
        events(owner, step);
        listener.onStep(owner, step);
      }

      @Override
      public void onRecordedStep(String owner, Step step) {
        events(owner, step);
        listener.onRecordedStep(owner, step);
      }

      @Override
      public boolean recordBeforeSend(String owner, List<PlanSnapshot> snapshots) {
        return listener.recordBeforeSend(owner, snapshots);
      }

      @Override
      public SendDecision beforeSend(String owner, List<PlanSnapshot> snapshots) {
        return listener.beforeSend(owner, snapshots);
      }

      @Override
      public void onSteps(List<Done> steps) {
        for (Done d : steps) {
          events(d.owner(), d.step());
        }
        listener.onSteps(steps);
      }

      @Override
      public List<SendDecision> beforeSendAll(List<Pending> steps) {
        return listener.beforeSendAll(steps);
      }
    };
  }

  private void events(String owner, Step step) {
    if (!step.events().isEmpty()) {
      record(new LaneInput.EventsEmitted(owner, step.events()));
    }
  }
}
