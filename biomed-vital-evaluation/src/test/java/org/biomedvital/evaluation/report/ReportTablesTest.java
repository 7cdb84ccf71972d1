package org.biomedvital.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.biomedvital.data.Domain;
import org.biomedvital.evaluation.EvaluationMode;
import org.biomedvital.evaluation.chat.ChatReview;
import org.biomedvital.evaluation.chat.ChatSummary;
import org.biomedvital.evaluation.io.ModelAnswer;
import org.biomedvital.evaluation.vqa.VqaEvaluator;
import org.biomedvital.evaluation.vqa.VqaQuestion;
import org.biomedvital.evaluation.winrate.PairJudgement;
import org.biomedvital.evaluation.winrate.WinRateReport;
import org.biomedvital.pipeline.EvaluationTable;
import org.biomedvital.pipeline.EvaluationTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReportTablesTest {
  @TempDir Path dir;

  @Test
  void chatTableHasLlavaMedColumnsAndRoundTripsThroughTablesJson() {
    ChatSummary s = ChatSummary.compute(List.of(
        new ChatReview("0", "conversation", Set.of(Domain.CHEST_XRAY), "8 6", Optional.empty()),
        new ChatReview("1", "detailed_description", Set.of(Domain.CT_SCAN), "10 5", Optional.empty())),
        EvaluationMode.CORRECTED);
    WinRateReport w = WinRateReport.compute(List.of(new PairJudgement("1", "[[A]]", Optional.of("[[B]]"))));
    Path file = dir.resolve("tables.json");

    EvaluationTable chat = ReportTables.chat("Open visual chat", s);
    EvaluationTables.write(file, List.of(chat, ReportTables.winRate("Win rate", w)));
    List<EvaluationTable> back = EvaluationTables.read(file);

    assertThat(chat.columns()).containsExactly("corrected", "Conv", "Desc", "CXR", "CT", "Overall");
    assertThat(chat.rows().get(0)).containsExactly("relative score", "75.00", "50.00", "75.00",
        "50.00", "62.50");
    assertThat(chat.rows().get(3)).containsExactly("count", "1", "1", "1", "1", "2");
    assertThat(back).hasSize(2);
    assertThat(back.get(0)).isEqualTo(chat);
    assertThat(back.get(1).rows().get(0)).containsExactly("wins / losses / ties", "1 / 0 / 0");
  }

  @Test
  void vqaTableHasOneColumnPerMode() {
    List<VqaQuestion> qs = List.of(new VqaQuestion("1", "q", "no", "CLOSED"),
        new VqaQuestion("2", "q", "liver", "OPEN"));
    List<ModelAnswer> as = List.of(ModelAnswer.of("1", "It is normal."), ModelAnswer.of("2", "liver"));

    EvaluationTable t = ReportTables.vqa("VQA-RAD", List.of(
        VqaEvaluator.evaluate(qs, as, EvaluationMode.COMPAT),
        VqaEvaluator.evaluate(qs, as, EvaluationMode.CORRECTED)));

    assertThat(t.columns()).containsExactly("metric (%)", "compat", "corrected");
    assertThat(t.rows().get(0)).containsExactly("closed accuracy", "100.00", "0.00");
    assertThat(t.rows().get(1)).containsExactly("open recall", "100.00", "100.00");
  }
}
