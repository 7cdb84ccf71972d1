package org.biomedvital.tuning.llava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.biomedvital.data.Demonstration;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Role;
import org.biomedvital.format.Demonstrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports the 58 real clinician demonstrations of BioMed-VITAL as LLaVA training data. */
final class ClinicianDemonstrationsExportTest {
  @TempDir Path dir;

  private static Path shared() {
    String p = System.getProperty("vital.shared.dir");
    return p != null ? Path.of(p) : Path.of("../shared");
  }

  @Test
  void everyRealDemonstrationGetsOneImageTokenAndEndsWithAnAnswer() throws Exception {
    Path file = shared().resolve("data/clinician-demonstrations.jsonl");
    assumeTrue(Files.isRegularFile(file), "needs ../shared/data/clinician-demonstrations.jsonl");
    List<Demonstration> demos = Demonstrations.read(file);
    Path images = Files.createDirectories(dir.resolve("images"));
    List<InstructionSample> samples = new ArrayList<>();
    for (Demonstration d : demos) {
      Path img = images.resolve(d.figure().image());
      Files.createDirectories(img.getParent());
      if (!Files.exists(img)) {
        Files.write(img, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
      }
      samples.add(InstructionSample.builder().id(d.id()).figure(d.figure())
          .conversation(d.conversation()).build());
    }

    TrainingDataStatistics stats = LlavaTrainingExport.builder().imageFolder(images).seed(7)
        .build().exportInstructions(samples, dir.resolve("train.json"));

    List<InstructionSample> out = LlavaJson.read(dir.resolve("train.json"));
    assertThat(demos).hasSize(58);
    assertThat(demos).noneMatch(d -> d.conversation().hasImageToken());
    assertThat(out).hasSize(58).allSatisfy(s -> {
      assertThat(s.conversation().imageTokenCount()).isEqualTo(1);
      assertThat(s.conversation().turns().get(0).text()).contains("<image>");
      assertThat(s.conversation().size() % 2).isZero();
      assertThat(s.conversation().turns().get(s.conversation().size() - 1).role())
          .isEqualTo(Role.GPT);
    });
    assertThat(stats.records()).isEqualTo(58);
    assertThat(stats.imageTokenPrefix() + stats.imageTokenSuffix()).isEqualTo(58);
    assertThat(stats.imageTokenPrefix()).isBetween(15, 43);
    assertThat(stats.withoutSingleImageToken()).isZero();
    assertThat(LlavaPreflight.check(LlavaMedRecipe.builder(LlavaCodebase.LLAVA_MED_V1, 2)
        .pretrainedProjector("s3://x").build(), org.biomedvital.tuning.TuningJob.builder()
        .data(dir.resolve("train.json")).imageFolder(images).outputDir(dir.resolve("run"))
        .baseModel("/m").build())).isEmpty();
  }
}
