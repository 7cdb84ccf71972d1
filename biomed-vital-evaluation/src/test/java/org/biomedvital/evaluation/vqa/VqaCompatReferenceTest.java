package org.biomedvital.evaluation.vqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import org.biomedvital.evaluation.EvaluationMode;
import org.biomedvital.evaluation.io.AnswerFiles;
import org.biomedvital.internal.Json;
import org.junit.jupiter.api.Test;

/**
 * Compat mode against numbers the published Python produced: {@code vqa/random-*} holds 300
 * random questions and predictions (punctuation, number words, contractions, yes/no inside other
 * words) and the scores LLaVA-Med's {@code run_eval.py} / {@code run_eval_batch.py} logic computed
 * for them with NLTK 3.8's {@code sentence_bleu}, as percentages.
 */
final class VqaCompatReferenceTest {

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(Objects.requireNonNull(VqaCompatReferenceTest.class.getResource("/vqa/" + name),
        name).toURI());
  }

  @Test
  void compatScoresEqualThePythonScriptsOnRandomInputs() throws Exception {
    JsonNode expected = Json.mapper().readTree(resource("random-expected-compat.json").toFile());

    VqaScores s = VqaEvaluator.evaluate(VqaFiles.readQuestions(resource("random-test.json")),
        AnswerFiles.read(resource("random-answers.jsonl")), EvaluationMode.COMPAT);

    assertThat(s.closedAccuracy() * 100).isCloseTo(expected.get("closed_accuracy").asDouble(), within(1e-9));
    assertThat(s.closedAccuracyBatch() * 100).isCloseTo(expected.get("closed_accuracy_batch").asDouble(), within(1e-9));
    assertThat(s.closedScored()).isEqualTo(expected.get("closed_scored").asInt());
    assertThat(s.openRecall() * 100).isCloseTo(expected.get("open_recall").asDouble(), within(1e-9));
    assertThat(s.openAccuracy() * 100).isCloseTo(expected.get("open_accuracy").asDouble(), within(1e-9));
    assertThat(s.exactMatch() * 100).isCloseTo(expected.get("exact_match").asDouble(), within(1e-9));
    assertThat(s.f1() * 100).isCloseTo(expected.get("f1").asDouble(), within(1e-9));
    assertThat(s.precision() * 100).isCloseTo(expected.get("precision").asDouble(), within(1e-9));
    assertThat(s.bleu() * 100).isCloseTo(expected.get("bleu").asDouble(), within(1e-9));
    assertThat(s.bleu1() * 100).isCloseTo(expected.get("bleu1").asDouble(), within(1e-9));
    assertThat(s.bleu2() * 100).isCloseTo(expected.get("bleu2").asDouble(), within(1e-9));
    assertThat(s.bleu3() * 100).isCloseTo(expected.get("bleu3").asDouble(), within(1e-9));
  }
}
