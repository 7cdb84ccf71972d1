package org.biomedvital.selection.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.biomedvital.AuthenticationException;
import org.biomedvital.UnparseableReplyException;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Rating;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.Json;
import org.biomedvital.selection.PairwiseVerdict;
import org.biomedvital.selection.PreferenceJudge;
import org.biomedvital.selection.preference.RatedSample;
import org.biomedvital.selection.preference.Ratings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JudgeRunnerTest {
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

  @TempDir Path dir;

  private Path candidates(int n) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      InstructionSample s = org.biomedvital.selection.judge.Samples.grounded("fig" + (i / 2) + "#" + (i % 2))
          .toBuilder().figureId("fig" + (i / 2)).image("fig" + (i / 2) + ".png").build();
      lines.add(Samples.toJson(s));
    }
    Path f = dir.resolve("candidates.jsonl");
    Files.write(f, lines);
    return f;
  }

  @Test
  void ratesEverythingRecordsUnparseableRepliesAndResumesOnlyWhatIsMissing() throws Exception {
    Path in = candidates(5);
    Path out = dir.resolve("ratings.jsonl");
    PreferenceJudge flaky = (s, img) -> {
      if (s.id().equals("fig1#0")) {
        throw new UnparseableReplyException("sample fig1#0: no score", "Looks fine to me.");
      }
      return new Rating(s.id(), 6, 10, "r@1", "fake", "ok");
    };

    JudgeRunner.Summary first = JudgeRunner.builder().judge(flaky).rater("fake").concurrency(2)
        .build().run(in, out);
    JudgeRunner.Summary second = JudgeRunner.builder().judge(HeuristicJudge.create()).build()
        .run(in, out);

    assertThat(first.rated()).isEqualTo(4);
    assertThat(first.failed()).isEqualTo(1);
    JsonNode failure = Json.mapper().readTree(
        Files.readAllLines(dir.resolve("ratings.failures.jsonl")).get(0));
    // Core's FailureRecord shape, the same as generate's.
    assertThat(failure.get("failure_id").asText()).isEqualTo("fig1#0#1");
    assertThat(failure.get("id").asText()).isEqualTo("fig1#0");
    assertThat(failure.get("stage").asText()).isEqualTo("judge");
    assertThat(failure.get("attempt").asInt()).isEqualTo(1);
    assertThat(failure.get("raw_reply").asText()).isEqualTo("Looks fine to me.");
    assertThat(failure.get("message").asText()).isEqualTo("sample fig1#0: no score");
    assertThat(failure.get("error").asText()).isEqualTo("UnparseableReplyException");
    assertThat(second.alreadyRated()).isEqualTo(4);
    assertThat(second.rated()).isEqualTo(1);
    // The failure was resolved by the second run: it stays in the file but no longer counts.
    assertThat(Files.readAllLines(dir.resolve("ratings.failures.jsonl"))).hasSize(1);
    assertThat(JudgeRunner.remainingFailures(out).total()).isZero();
    List<RatedSample> all = Ratings.read(out);
    assertThat(all).extracting(r -> r.sample().id())
        .containsExactlyInAnyOrder("fig0#0", "fig0#1", "fig1#0", "fig1#1", "fig2#0");
    assertThat(all).filteredOn(r -> r.sample().id().equals("fig1#0")).singleElement()
        .satisfies(r -> assertThat(r.rating().rater()).isEqualTo(HeuristicJudge.RATER));
  }

  @Test
  void keepsAtMostConcurrencyCallsInFlight() throws Exception {
    Path in = candidates(24);
    AtomicInteger now = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    PreferenceJudge slow = (s, img) -> {
      max.accumulateAndGet(now.incrementAndGet(), Math::max);
      try {
        Thread.sleep(15);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      now.decrementAndGet();
      return new Rating(s.id(), 5, 10, "r@1", "slow", "");
    };

    JudgeRunner.Summary s = JudgeRunner.builder().judge(slow).concurrency(3).build()
        .run(in, dir.resolve("r.jsonl"));

    assertThat(s.rated()).isEqualTo(24);
    assertThat(max.get()).isBetween(2, 3);
  }

  @Test
  void attachesImagesAndRecordsAMissingImageAsAFailure() throws Exception {
    Path in = candidates(4);
    Path images = Files.createDirectories(dir.resolve("images"));
    Files.write(images.resolve("fig0.png"), PNG);
    Set<String> withImage = ConcurrentHashMap.newKeySet();
    PreferenceJudge judge = (s, img) -> {
      if (img != null && img.isImage()) {
        withImage.add(s.id());
      }
      return new Rating(s.id(), 5, 10, "r@1", "x", "");
    };

    JudgeRunner.Summary s = JudgeRunner.builder().judge(judge).images(ImageRoot.of(images))
        .build().run(in, dir.resolve("r.jsonl"));

    assertThat(withImage).containsExactlyInAnyOrder("fig0#0", "fig0#1");
    assertThat(s.failed()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("r.failures.jsonl")))
        .contains("image 'fig1.png' does not exist under");
  }

  @Test
  void badCandidateLineStopsTheRunNamingTheLineAndKeepsTheRatingsBeforeIt() throws Exception {
    Path in = candidates(3);
    List<String> lines = new ArrayList<>(Files.readAllLines(in));
    lines.add(1, "{\"id\": \"broken\"}");
    Files.write(in, lines);
    Path out = dir.resolve("r.jsonl");

    assertThatThrownBy(() -> JudgeRunner.builder().judge(HeuristicJudge.create()).concurrency(1)
        .build().run(in, out))
        .isInstanceOf(org.biomedvital.InvalidDataException.class)
        .hasMessageStartingWith(in + ":2: field 'image' is required but missing");
    assertThat(Ratings.read(out)).extracting(r -> r.sample().id()).containsExactly("fig0#0");
  }

  @Test
  void authenticationFailureStopsTheRun() throws Exception {
    Path in = candidates(6);
    PreferenceJudge denied = (s, img) -> {
      throw new AuthenticationException("fake", 401, "HTTP 401 from http://127.0.0.1/v1/chat/completions");
    };

    assertThatThrownBy(() -> JudgeRunner.builder().judge(denied).concurrency(1).build()
        .run(in, dir.resolve("r.jsonl")))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void pairwiseRunComparesCandidatesOfTheSameFigureAndReportsFlips() throws Exception {
    Path in = candidates(5);
    Path out = dir.resolve("verdicts.jsonl");
    JudgeRunner runner = JudgeRunner.builder().concurrency(2).pairwiseJudge((a, b, img) ->
        a.figureId().equals("fig0")
            ? new PairwiseVerdict(PairwiseVerdict.Winner.TIE, false, "flip")
            : new PairwiseVerdict(PairwiseVerdict.Winner.A, true, "")).build();

    JudgeRunner.PairwiseSummary s = runner.runPairwise(in, out);
    JudgeRunner.PairwiseSummary again = runner.runPairwise(in, out);

    assertThat(s.comparisons()).isEqualTo(2);
    assertThat(s.flipRate()).isEqualTo(0.5);
    assertThat(again.alreadyCompared()).isEqualTo(2);
    assertThat(Files.readAllLines(out)).hasSize(2)
        .anySatisfy(l -> assertThat(l).contains("\"id\":\"fig0#0|fig0#1\"", "\"winner\":\"tie\"",
            "\"position_consistent\":false"));
  }

  @Test
  void toBuilderKeepsEverySettingAndBuildsAnEqualRunner() throws Exception {
    Path in = candidates(3);
    PreferenceJudge failing = (s, img) -> {
      throw new UnparseableReplyException("sample " + s.id() + ": no score", "raw");
    };
    JudgeRunner runner = JudgeRunner.builder().judge(failing).rater("r1").concurrency(1).build();
    JudgeRunner.Summary a = runner.run(in, dir.resolve("a.jsonl"));
    JudgeRunner.Summary b = runner.toBuilder().build().run(in, dir.resolve("b.jsonl"));

    assertThat(b.failed()).isEqualTo(a.failed()).isEqualTo(3);
    assertThat(Files.readString(JudgeRunner.failuresFile(dir.resolve("b.jsonl"))))
        .contains("\"rater\":\"r1\"");
    assertThatThrownBy(() -> runner.toBuilder().build().runPairwise(in, dir.resolve("p.jsonl")))
        .hasMessage("runPairwise needs a pair-wise judge; call pairwiseJudge(...)");
  }
}
