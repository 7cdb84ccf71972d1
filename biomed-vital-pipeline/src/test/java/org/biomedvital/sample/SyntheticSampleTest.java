package org.biomedvital.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.biomedvital.VitalIoException;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.DemonstrationSet;
import org.biomedvital.data.Domain;
import org.biomedvital.data.SamplingStrategy;
import org.biomedvital.internal.Hashing;
import org.biomedvital.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SyntheticSampleTest {
  @TempDir static Path shared;
  static SampleFiles s;
  @TempDir Path dir;

  @org.junit.jupiter.api.BeforeAll
  static void writeOnce() {
    s = SyntheticSample.write(shared.resolve("sample"), 1);
  }

  @Test
  void writesAtLeastFortyFiguresAcrossTheFiveDomainsWithDecodableImages() throws IOException {
    JsonNode figures = Json.mapper().readTree(s.figures().toFile());
    assertThat(figures.size()).isEqualTo(s.figureCount()).isGreaterThanOrEqualTo(40);
    Map<Domain, Integer> perDomain = new EnumMap<>(Domain.class);
    Set<String> ids = new HashSet<>();
    for (JsonNode f : figures) {
      assertThat(ids.add(f.path("pair_id").asText())).isTrue();
      assertThat(f.path("pair_id").asText()).isEqualTo(f.path("pmid").asText() + "_" + f.path("fig_id").asText());
      assertThat(f.path("fig_caption").asText()).contains("Synthetic phantom").contains("not clinical data");
      assertThat(f.path("synthetic").asBoolean()).isTrue();
      JsonNode mention = f.at("/in_text_mention/0");
      String[] toks = mention.path("tokens").asText().split(" ");
      int start = mention.at("/entities/0/start_tok").asInt();
      assertThat(toks[start] + " " + toks[start + 1]).isEqualTo(f.path("fig_label").asText());
      for (Domain d : Domain.values()) {
        if (f.at("/domain/" + d.wireName()).asBoolean()) {
          perDomain.merge(d, 1, Integer::sum);
        }
      }
      BufferedImage img = ImageIO.read(s.images().resolve(f.path("pair_id").asText() + ".jpg").toFile());
      assertThat(img.getWidth()).isEqualTo(256);
      assertThat(img.getHeight()).isEqualTo(256);
    }
    assertThat(perDomain).hasSize(5).allSatisfy((d, n) -> assertThat(n).isEqualTo(8));
    assertThat(Files.readString(s.readme())).contains("SYNTHETIC SAMPLE DATA").contains("Nothing here is clinical data");
  }

  @Test
  void aFolderThatIsAFileFailsWithTheLibrarysIoExceptionNamingIt(@TempDir Path tmp)
      throws IOException {
    Path file = Files.writeString(tmp.resolve("taken"), "not a folder");

    assertThatThrownBy(() -> SyntheticSample.write(file, 7L))
        .isInstanceOf(VitalIoException.class)
        .hasMessage("cannot write the synthetic sample into " + file)
        .hasCauseInstanceOf(IOException.class)
        .satisfies(e -> assertThat(((VitalIoException) e).path()).isEqualTo(file));
  }

  @Test
  void demonstrationsReadWithTheCoreReaderAndCoverEveryDomain() {
    DemonstrationSet demos = DemonstrationSet.from(s.demonstrations());

    assertThat(demos.size()).isEqualTo(s.demonstrationCount()).isGreaterThanOrEqualTo(12);
    for (Domain d : Domain.values()) {
      assertThat(demos.byDomain(d)).hasSize(3);
    }
    List<Demonstration> shots = demos.sample(SamplingStrategy.perDomain(1), 42);
    assertThat(shots).hasSize(5);
    for (Demonstration d : demos.all()) {
      assertThat(d.conversation().size()).isEqualTo(8);
      assertThat(d.conversation().hasImageToken()).isFalse();
      assertThat(s.images().resolve(d.figure().image())).exists();
    }
  }

  @Test
  void preferencePairsAreInTheOfficialPairwiseFormat() throws IOException {
    JsonNode pairs = Json.mapper().readTree(s.clinicianPairs().toFile());

    assertThat(pairs.size()).isEqualTo(s.pairCount()).isGreaterThanOrEqualTo(40);
    for (JsonNode p : pairs) {
      assertThat(p.path("img").asText()).endsWith(".jpg");
      assertThat(s.images().resolve(p.path("img").asText())).exists();
      assertThat(p.path("question").asText()).endsWith("?");
      assertThat(p.path("answer_positive").asText()).isNotEqualTo(p.path("answer_negative").asText());
    }
  }

  @Test
  void heldOutQuestionsFollowTheQa50Shape() throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(s.heldoutQuestions())) {
      rows.add(Json.mapper().readTree(line));
    }

    assertThat(rows).hasSize(s.questionCount()).hasSize(30);
    Set<String> trainIds = new HashSet<>();
    Json.mapper().readTree(s.figures().toFile()).forEach(f -> trainIds.add(f.path("pair_id").asText()));
    for (int i = 0; i < rows.size(); i++) {
      JsonNode r = rows.get(i);
      assertThat(r.path("question_id").asInt()).isEqualTo(i);
      assertThat(r.path("text").asText()).endsWith("\n<image>");
      assertThat(r.path("type").asText()).isEqualTo(i < 20 ? "conversation" : "detailed_description");
      assertThat(r.path("image").asText()).isEqualTo(r.path("pair_id").asText() + ".jpg");
      assertThat(trainIds).doesNotContain(r.path("pair_id").asText());
      for (String k : List.of("gpt4_answer", "fig_caption", "in_text_mention", "domain", "fig_label")) {
        assertThat(r.has(k)).as(k).isTrue();
      }
    }
  }

  @Test
  void theSameSeedWritesTheSameBytes() throws IOException {
    SyntheticSample.write(dir.resolve("a"), 1);
    SyntheticSample.write(dir.resolve("b"), 2);

    assertThat(digest(dir.resolve("a"))).isEqualTo(digest(s.dir()))
        .isNotEqualTo(digest(dir.resolve("b")));
  }

  @Test
  void nodulesAreDrawnOnTheSideTheCaptionNames() throws IOException {
    int checked = 0;

    for (JsonNode f : Json.mapper().readTree(s.figures().toFile())) {
      String caption = f.path("fig_caption").asText();
      if (!caption.contains("nodular opacity")) {
        continue;
      }
      BufferedImage img = ImageIO.read(s.images().resolve(f.path("pair_id").asText() + ".jpg").toFile());
      int y = caption.contains("upper zone") ? 82 : 160;
      double imageLeft = brightness(img, 72, y);
      double imageRight = brightness(img, 184, y);
      // The patient's right is on the image's left.
      if (caption.contains("in the right")) {
        assertThat(imageLeft).as(caption).isGreaterThan(imageRight + 40);
      } else {
        assertThat(imageRight).as(caption).isGreaterThan(imageLeft + 40);
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(0);
  }

  private static double brightness(BufferedImage img, int cx, int cy) {
    double sum = 0;
    int n = 0;
    for (int y = cy - 2; y <= cy + 2; y++) {
      for (int x = cx - 2; x <= cx + 2; x++) {
        sum += img.getRGB(x, y) & 0xff;
        n++;
      }
    }
    return sum / n;
  }

  private static String digest(Path root) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        sb.append(root.relativize(p)).append(' ').append(Hashing.sha256Hex(p)).append('\n');
      }
    }
    return sb.toString();
  }
}
