package org.biomedvital.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.failure.FailureBudget.Outcome;
import org.junit.jupiter.api.Test;

class FailureBudgetTest {

  @Test
  void twoPercentDefaultSeparatesTolerableFromFatal() {
    assertThat(FailureBudget.DEFAULT.outcome(100, 0)).isEqualTo(Outcome.COMPLETED);
    assertThat(FailureBudget.DEFAULT.outcome(100, 2)).isEqualTo(Outcome.COMPLETED_WITH_FAILURES);
    assertThat(FailureBudget.DEFAULT.outcome(100, 3)).isEqualTo(Outcome.FAILED);
    assertThat(new FailureBudget(1.0).outcome(5, 5)).isEqualTo(Outcome.FAILED);
    assertThat(FailureBudget.DEFAULT.outcome(0, 0)).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void rateOutsideUnitIntervalIsRefused() {
    assertThatThrownBy(() -> new FailureBudget(1.5))
        .hasMessage("max-failure-rate must be in [0, 1] but was 1.5");
  }

  @Test
  void tallyNamesConnectionRefusedWithTheUrlAndCountsByReason() {
    FailureTally t = new FailureTally();
    RuntimeException refused = new RemoteServiceException("openai-compatible", 0, true,
        "openai-compatible: cannot reach http://127.0.0.1:9/v1/chat/completions?api-version=x",
        new ConnectException("Connection refused"));
    for (int i = 0; i < 40; i++) {
      t.add(refused);
    }
    t.add(new IllegalStateException("bad reply\nsecond line"));

    assertThat(t.total()).isEqualTo(41);
    assertThat(t.lines(5)).containsExactly(
        "40 x connection refused: http://127.0.0.1:9/v1/chat/completions", "1 x bad reply");
  }

  @Test
  void recordCarriesRetriability() {
    FailureRecord r = FailureRecord.of("generate", "p1#0", "run1",
        new RemoteServiceException("p", 503, true, "x", new IOException("y")));

    assertThat(r.failureId()).isEqualTo("p1#0@run1");
    assertThat(r.retriable()).isTrue();
    assertThat(r.stage()).isEqualTo("generate");
  }
}
