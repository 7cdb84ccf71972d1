package org.biomedvital.evaluation.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.biomedvital.data.Domain;
import org.biomedvital.evaluation.EvaluationMode;
import org.junit.jupiter.api.Test;

final class ChatSummaryTest {
  private static final double EPS = 1e-12;

  private static ChatReview review(String id, String type, Set<Domain> domains, String judgement) {
    return new ChatReview(id, type, domains, judgement, Optional.empty());
  }

  @Test
  void relativeScoreIsAMeanOfRatiosPerTypeDomainAndOverall() {
    List<ChatReview> reviews = List.of(
        review("0", "conversation", Set.of(Domain.CHEST_XRAY, Domain.CT_SCAN), "8 4\nok"),
        review("1", "conversation", Set.of(Domain.CT_SCAN), "10 10\nok"),
        review("2", "detailed_description", Set.of(Domain.GROSS, Domain.HISTOLOGY), "5 4\nok"));

    ChatSummary s = ChatSummary.compute(reviews, EvaluationMode.CORRECTED);

    // ratios 0.5, 1.0, 0.8: mean 0.7667, not the ratio of means (18/23)
    assertThat(s.overall().relativeScore()).isCloseTo((0.5 + 1.0 + 0.8) / 3 * 100, within(EPS));
    assertThat(s.overall().referenceScore()).isCloseTo(23.0 / 3, within(EPS));
    assertThat(s.overall().modelScore()).isCloseTo(18.0 / 3, within(EPS));
    assertThat(s.overall().count()).isEqualTo(3);
    assertThat(s.byType().keySet()).containsExactly("conversation", "detailed_description");
    assertThat(s.byType().get("conversation").relativeScore()).isCloseTo(75, within(EPS));
    // first true flag in chest_xray, mri, histology, gross, ct_scan
    assertThat(s.byDomain().keySet()).containsExactly("chest_xray", "histology", "ct_scan");
    assertThat(s.byDomain().get("chest_xray").relativeScore()).isCloseTo(50, within(EPS));
    assertThat(s.byDomain().get("histology").relativeScore()).isCloseTo(80, within(EPS));
    assertThat(s.byDomain().get("ct_scan").count()).isEqualTo(1);
    assertThat(s.excluded()).isEmpty();
  }

  @Test
  void unparseableReviewsAreExcludedWhenCorrectedAndScoredOneOneInCompat() {
    List<ChatReview> reviews = List.of(
        review("0", "conversation", Set.of(Domain.MRI), "8 4\nok"),
        review("1", "conversation", Set.of(Domain.MRI), "Assistant 1 is better.\n9 3"),
        review("2", "conversation", Set.of(Domain.MRI), "8, 6\nok"));

    ChatSummary corrected = ChatSummary.compute(reviews, EvaluationMode.CORRECTED);
    ChatSummary compat = ChatSummary.compute(reviews, EvaluationMode.COMPAT);

    assertThat(corrected.overall().count()).isEqualTo(2);
    assertThat(corrected.overall().relativeScore()).isCloseTo((0.5 + 0.75) / 2 * 100, within(EPS));
    assertThat(corrected.excluded()).containsExactly(new ChatSummary.Excluded("1",
        "first line has no two scores: \"Assistant 1 is better.\""));
    // compat: "Assistant 1 is better." and "8, 6" both become (1, 1)
    assertThat(compat.overall().count()).isEqualTo(3);
    assertThat(compat.overall().relativeScore()).isCloseTo((0.5 + 1 + 1) / 3 * 100, within(EPS));
    assertThat(compat.overall().referenceScore()).isCloseTo(10.0 / 3, within(EPS));
    assertThat(compat.excluded()).isEmpty();
  }

  @Test
  void theSwappedPassIsAveragedWithItsOrderUndone() {
    ChatReview r = new ChatReview("0", "conversation", Set.of(Domain.MRI), "8 4\nok",
        Optional.of("6 9\nok"));

    ChatSummary s = ChatSummary.compute(List.of(r), EvaluationMode.CORRECTED);

    // reference (8 + 9) / 2 = 8.5, model (4 + 6) / 2 = 5
    assertThat(s.overall().referenceScore()).isEqualTo(8.5);
    assertThat(s.overall().modelScore()).isEqualTo(5.0);
    assertThat(s.overall().relativeScore()).isCloseTo(5 / 8.5 * 100, within(EPS));
  }

  @Test
  void anUnparseableSwappedPassExcludesTheQuestionWhenCorrected() {
    ChatReview r = new ChatReview("7", "conversation", Set.of(), "8 4\nok", Optional.of("n/a"));

    ChatSummary corrected = ChatSummary.compute(List.of(r), EvaluationMode.CORRECTED);
    ChatSummary compat = ChatSummary.compute(List.of(r), EvaluationMode.COMPAT);

    assertThat(corrected.excluded()).extracting(ChatSummary.Excluded::reason)
        .containsExactly("swapped pass: first line has no two scores: \"n/a\"");
    assertThat(corrected.overall().count()).isZero();
    assertThat(corrected.overall().relativeScore()).isNaN();
    assertThat(compat.overall().referenceScore()).isEqualTo(4.5);
    assertThat(compat.byDomain().keySet()).containsExactly(ChatSummary.NO_DOMAIN);
  }

  @Test
  void aZeroReferenceScoreIsExcludedInBothModes() {
    ChatReview r = review("3", "conversation", Set.of(Domain.MRI), "0 5");

    assertThat(ChatSummary.compute(List.of(r), EvaluationMode.COMPAT).excluded())
        .containsExactly(new ChatSummary.Excluded("3",
            "the reference score is 0, so the ratio is undefined"));
  }
}
