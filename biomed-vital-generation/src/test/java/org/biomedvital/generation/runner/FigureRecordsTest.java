package org.biomedvital.generation.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.biomedvital.generation.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FigureRecordsTest {
  @TempDir Path dir;

  @Test
  void readsADomainMapRoundRobin() throws Exception {
    Path f = dir.resolve("captions.json");
    Files.writeString(f, "{\n \"ct_scan\": [{\"pair_id\":\"c1\",\"fig_caption\":\"CT 1\"},"
        + "{\"pair_id\":\"c2\",\"fig_caption\":\"CT 2\"}],\n"
        + " \"mri\": [{\"pair_id\":\"m1\",\"fig_caption\":\"MRI\",\"in_text_mention\":"
        + "[{\"tokens\":\"see MRI\",\"entities\":[]}],\"domain\":{\"mri\":true}}]\n}");

    List<Figure> figures = FigureRecords.read(f);

    assertThat(figures).extracting(Figure::pairId).containsExactly("c1", "m1", "c2");
    assertThat(figures.get(1).mentions()).containsExactly("see MRI");
    assertThat(figures.get(1).domains()).containsExactly(Domain.MRI);
    assertThat(figures.get(0).image()).isEqualTo("c1.jpg");
  }

  @Test
  void readsQa50OncePerFigure() {
    List<Figure> figures = FigureRecords.read(SharedData.file("llava_med_eval_qa50_qa.jsonl"));

    assertThat(figures).hasSize(50);
    assertThat(figures).allSatisfy(f -> assertThat(f.image()).isEqualTo(f.pairId() + ".jpg"));
    assertThat(figures.stream().filter(f -> f.mentions().isEmpty()).count()).isPositive();
  }

  @Test
  void readsAJsonArrayAndNamesTheBadLine() throws Exception {
    Path f = dir.resolve("a.json");
    Files.writeString(f, "[\n{\"pair_id\":\"x_F1\"},\n{\"pair_id\":\"y\",\"domain\":{\"lung\":true}}\n]");

    assertThatThrownBy(() -> FigureRecords.read(f)).isInstanceOf(InvalidDataException.class)
        .hasMessageStartingWith(f + ":3: field 'domain.lung'");
    Files.writeString(f, "[{\"pair_id\":\"x_F1\",\"image\":\"sub/x_F1.png\"}]");
    assertThat(FigureRecords.read(f).get(0).pairId()).isEqualTo("x_F1");
    assertThat(FigureRecords.read(f).get(0).image()).isEqualTo("sub/x_F1.png");
  }

  @Test
  void aRecordWithoutIdIsAnError() throws Exception {
    Path f = dir.resolve("b.jsonl");
    Files.writeString(f, "{\"pair_id\":\"a\"}\n{\"fig_caption\":\"no id\"}\n");

    assertThatThrownBy(() -> FigureRecords.read(f))
        .hasMessageStartingWith(f + ":2: field 'pair_id' is required");
  }
}
