package org.biomedvital.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.biomedvital.data.Domain;
import org.biomedvital.internal.Hashing;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facts of ../shared/data/README.md about LLaVA-Med's QA50 questions. */
final class Qa50FixtureTest {
  static final String OFFICIAL_SHA256 =
      "48c6b680a962dbf8caf63e3ded2bef7770dccf9c2602f32e5f05f4b907266f25";

  @TempDir Path tmp;

  @Test
  void readingAndWritingBackReproducesTheOfficialFileByteForByte() throws Exception {
    Path copy = tmp.resolve("qa50.jsonl");

    try (RecordReader<QaQuestion> in = Qa50.reader(SharedData.qa50(), ReadMode.STRICT);
        RecordWriter<QaQuestion> out = Qa50.writer(copy)) {
      in.forEachRemaining(out::write);
    }

    assertThat(Files.size(copy)).isEqualTo(262_328L);
    assertThat(Hashing.sha256Hex(copy)).isEqualTo(OFFICIAL_SHA256);
    assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(SharedData.qa50()));
  }

  @Test
  void has143ConversationAnd50DetailedDescriptionQuestions() {
    List<QaQuestion> qs = Qa50.read(SharedData.qa50());

    assertThat(qs).hasSize(193);
    assertThat(qs).extracting(QaQuestion::questionId)
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 193).boxed().collect(Collectors.toList()));
    assertThat(qs.stream().filter(q -> q.type().orElseThrow().equals("conversation")))
        .hasSize(143).allMatch(q -> q.questionId() < 143);
    assertThat(qs.stream().filter(q -> q.type().orElseThrow().equals("detailed_description")))
        .hasSize(50).allMatch(q -> q.questionId() >= 143);
    assertThat(qs.stream().map(QaQuestion::image).distinct()).hasSize(50);
  }

  @Test
  void countsQuestionsPerDomainByTheFirstTrueFlagInEvaluationOrder() {
    Map<Domain, Long> counts = new EnumMap<>(Domain.class);
    for (QaQuestion q : Qa50.read(SharedData.qa50())) {
      counts.merge(q.evaluationDomain().orElseThrow(), 1L, Long::sum);
    }

    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(
        Domain.CHEST_XRAY, 37L, Domain.MRI, 38L, Domain.HISTOLOGY, 44L, Domain.GROSS, 34L,
        Domain.CT_SCAN, 40L));
  }

  @Test
  void fourteenRowsHaveANullMentionAndEveryTextEndsWithTheImageToken() {
    List<QaQuestion> qs = Qa50.read(SharedData.qa50());

    assertThat(qs.stream().filter(QaQuestion::mentionsMissing)).hasSize(14);
    assertThat(qs).allMatch(q -> q.text().endsWith("\n<image>"));
    assertThat(qs).allMatch(q -> q.text().length() - q.question().length() == 8);
    assertThat(qs.stream().filter(q -> q.domains().size() == 2)).hasSize(8);
    assertThat(qs.get(0).question()).isEqualTo("What is the organ in the image?");
    assertThat(qs.get(0).mentions()).containsExactly(
        "Inflammatory cells were not found in the vicinity ( Fig. 3 , 4 , 5 ) .");
  }

  @Test
  void validatesWithoutProblems() {
    ValidationReport report = Validation.validate(SharedData.qa50());

    assertThat(report.kind()).isEqualTo(FileKind.QA50);
    assertThat(report.layout()).isEqualTo(Layout.JSONL);
    assertThat(report.records()).isEqualTo(193);
    assertThat(report.problems()).isEmpty();
  }
}
