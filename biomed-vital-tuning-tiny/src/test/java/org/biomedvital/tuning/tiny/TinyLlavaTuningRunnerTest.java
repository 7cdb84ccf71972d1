package org.biomedvital.tuning.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningProgress;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningRunner;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.llava.LlavaJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class TinyLlavaTuningRunnerTest {
  @TempDir static Path dir;
  static TinySyntheticData.SyntheticSet data;
  static Path init;

  @BeforeAll
  static void writeData() {
    data = TinySyntheticData.write(dir.resolve("data"), 48, 7);
    List<String> texts = new ArrayList<>();
    for (Path f : List.of(data.alignment(), data.instructions())) {
      LlavaJson.read(f).forEach(s -> s.conversation().turns().forEach(t -> texts.add(t.text())));
    }
    init = dir.resolve("init");
    try (TinyLlavaModel m = TinyLlavaModel.create(TinyLlavaConfig.DEFAULT,
        TinyTokenizer.fit(texts, 500), 1)) {
      m.save(init, Map.of("stage", 0, "step", 0));
    }
  }

  private static TuningJob.Builder job(int stage, Path data, String base, String out) {
    return TuningJob.builder().stage(stage).data(data).imageFolder(
        TinyLlavaTuningRunnerTest.data.images()).outputDir(dir.resolve(out)).baseModel(base);
  }

  @Test
  @Order(1)
  void stageOneChangesOnlyTheProjector() {
    TuningRunner runner = Providers.tuningRunner("tiny", ProviderSettings.EMPTY);
    TuningResult result = runner.run(job(1, data.alignment(), init.toString(), "stage1")
        .parameter("steps", "30").parameter("learning_rate", "2e-3").build(), TuningListener.NONE);

    assertThat(result.status()).isEqualTo(TuningStatus.SUCCEEDED);
    try (TinyLlavaModel before = TinyLlavaModel.load(init);
        TinyLlavaModel after = TinyLlavaModel.load(dir.resolve("stage1"))) {
      Map<String, float[]> a = before.snapshot();
      Map<String, float[]> b = after.snapshot();
      assertThat(b.keySet()).isEqualTo(a.keySet());
      for (String name : a.keySet()) {
        if (name.startsWith("projector.") && name.endsWith(".w")) {
          assertThat(Arrays.equals(a.get(name), b.get(name))).as(name + " changed").isFalse();
        } else if (!name.startsWith("projector.")) {
          assertThat(Arrays.equals(a.get(name), b.get(name))).as(name + " bit-identical").isTrue();
        }
      }
    }
    assertThat(result.metrics().get("trainable_parameters"))
        .isEqualTo((double) (32 * 64 + 64 + 64 * 64 + 64));
  }

  @Test
  @Order(2)
  void stageTwoHalvesTheLossOnAssistantTokensAndAnswersAboutTheImage() {
    List<TuningProgress> progress = new ArrayList<>();
    TuningListener listener = new TuningListener() {
      @Override
      public void onProgress(TuningProgress p) {
        progress.add(p);
      }
    };
    TuningResult result = new TinyLlavaTuningRunner().run(
        job(2, data.instructions(), dir.resolve("stage1").toString(), "stage2")
            .parameter("steps", "150").parameter("logging_steps", "10").build(), listener);

    assertThat(result.metrics().get("final_loss"))
        .isLessThanOrEqualTo(result.metrics().get("initial_loss") / 2);
    assertThat(progress).hasSize(15);
    assertThat(progress.get(14).step()).isEqualTo(150);
    try (TinyLlavaModel before = TinyLlavaModel.load(dir.resolve("stage1"));
        TinyLlavaModel after = TinyLlavaModel.load(dir.resolve("stage2"))) {
      Map<String, float[]> a = before.snapshot();
      Map<String, float[]> b = after.snapshot();
      a.keySet().stream().filter(n -> n.startsWith("vision.")).forEach(n ->
          assertThat(Arrays.equals(a.get(n), b.get(n))).as(n).isTrue());
      assertThat(Arrays.equals(a.get("lm.head.w"), b.get("lm.head.w"))).isFalse();
    }
    List<InstructionSample> samples = LlavaJson.read(data.instructions());
    int right = 0;
    try (TinyLlavaChatModel chat = TinyLlavaChatModel.load(dir.resolve("stage2"))) {
      for (InstructionSample s : samples.subList(0, 12)) {
        ChatResponse reply = chat.chat("What color is the shape in the image?",
            ImageRef.of(data.images().resolve(s.image())));
        assertThat(reply.text()).startsWith("the shape is");
        String expected = s.conversation().turns().get(1).text().toLowerCase(java.util.Locale.ROOT);
        if (expected.equals(reply.text())) {
          right++;
        }
      }
    }
    assertThat(right).as("colour answers right out of 12 (chance is 3)").isGreaterThanOrEqualTo(7);
  }

  @Test
  @Order(3)
  void checkpointsReloadToTheSameAnswersAndResume() throws Exception {
    TinyLlavaTuningRunner runner = new TinyLlavaTuningRunner();
    runner.run(job(2, data.instructions(), dir.resolve("stage1").toString(), "ckpt")
        .parameter("steps", "20").parameter("save_steps", "10").build(), TuningListener.NONE);

    assertThat(TinyLlavaTuningRunner.latestCheckpoint(dir.resolve("ckpt")))
        .contains(dir.resolve("ckpt/checkpoint-10"));
    assertThat(dir.resolve("ckpt/trainer_state.json")).exists();
    Path image = data.images().resolve(LlavaJson.read(data.instructions()).get(0).image());
    String a;
    try (TinyLlavaModel m = TinyLlavaModel.load(dir.resolve("ckpt"))) {
      a = TinyLlavaChatModel.of(m).chat("Which shape is shown?", ImageRef.of(image)).text();
      m.save(dir.resolve("copy"), Map.of());
    }
    try (TinyLlavaChatModel copy = TinyLlavaChatModel.load(dir.resolve("copy"))) {
      assertThat(copy.chat("Which shape is shown?", ImageRef.of(image)).text()).isEqualTo(a);
    }

    assertThatThrownBy(() -> runner.run(job(2, data.instructions(), "", "ckpt")
        .parameter("steps", "20").build(), TuningListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already holds a tiny-model run");

    TuningResult resumed = runner.run(job(2, data.instructions(), "", "ckpt").resume(true)
        .parameter("steps", "25").build(), TuningListener.NONE);
    assertThat(resumed.metrics().get("steps")).isEqualTo(25.0);
    assertThat(Files.readString(dir.resolve("ckpt/config.json"))).contains("\"step\" : 25");
  }

  @Test
  @Order(4)
  void interruptingTheThreadCancelsAndSavesACheckpoint() throws Exception {
    java.util.concurrent.atomic.AtomicReference<TuningResult> result =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.CountDownLatch progressed = new java.util.concurrent.CountDownLatch(1);
    Thread t = new Thread(() -> result.set(new TinyLlavaTuningRunner().run(
        job(2, data.instructions(), dir.resolve("stage1").toString(), "cancelled")
            .parameter("steps", "100000").parameter("logging_steps", "1").build(),
        new TuningListener() {
          @Override
          public void onProgress(TuningProgress p) {
            progressed.countDown();
          }
        })));
    t.start();

    assertThat(progressed.await(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    t.interrupt();
    t.join(120_000);

    assertThat(result.get().status()).isEqualTo(TuningStatus.CANCELLED);
    assertThat(TinyLlavaTuningRunner.latestCheckpoint(dir.resolve("cancelled"))).isPresent();
    assertThat(result.get().metrics().get("steps")).isLessThan(100000.0);
  }
}
