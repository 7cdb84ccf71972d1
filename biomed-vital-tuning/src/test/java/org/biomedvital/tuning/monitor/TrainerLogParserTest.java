package org.biomedvital.tuning.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.tuning.TuningProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TrainerLogParserTest {
  @Test
  void readsMetricDictsAndTheProgressBar() {
    TrainerLogParser p = new TrainerLogParser(128);

    assertThat(p.accept("  1%|1         | 12/1000 [00:30<41:00,  2.50s/it]")).isEmpty();
    TuningProgress progress = p.accept(
        "{'loss': 1.2345, 'grad_norm': 3.1, 'learning_rate': 1.9e-05, 'epoch': 0.04}").orElseThrow();
    p.accept("{'train_runtime': 3600.5, 'train_samples_per_second': 35.1, 'train_loss': 0.98, "
        + "'epoch': 3.0}");

    assertThat(progress).isEqualTo(new TuningProgress(12, 1000, 0.04, 1.2345, 1.9e-05,
        128 / 2.5));
    assertThat(p.summary()).containsEntry("train_loss", 0.98).containsEntry("train_runtime",
        3600.5);
    assertThat(TrainerLogParser.savedCheckpoint("Saving model checkpoint to out/checkpoint-500"))
        .contains("out/checkpoint-500");
  }

  @Test
  void readsQuotedValuesAndIgnoresOtherLines() {
    TrainerLogParser p = new TrainerLogParser(0);

    assertThat(p.accept("Loading checkpoint shards: 100%")).isEmpty();
    assertThat(p.accept("{'loss': '0.8123', 'grad_norm': '1.2', 'learning_rate': '1.5e-05', "
        + "'epoch': '2.5', 'step': 750}")).contains(new TuningProgress(750, 0, 2.5, 0.8123,
            1.5e-05, Double.NaN));
    assertThat(TrainerLogParser.parseDict("{'eval_loss': nan, 'label': 'x'}"))
        .containsOnlyKeys("eval_loss");
  }

  @Test
  void readsCarriageReturnSeparatedUpdates() {
    TrainerLogParser p = new TrainerLogParser(0);

    p.accept(" 10%|#   | 10/100 [00:01<00:09, 9.00it/s]\r 11%|#   | 11/100 [00:01<00:09, "
        + "9.10it/s]");

    assertThat(p.step()).isEqualTo(11);
    assertThat(p.maxSteps()).isEqualTo(100);
  }

  @Test
  void readsTrainerStateAndFindsTheLatestCheckpoint(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("checkpoint-9"));
    Files.createDirectories(dir.resolve("checkpoint-10"));
    Files.createDirectories(dir.resolve("checkpoint-x"));
    Files.writeString(dir.resolve("checkpoint-10/trainer_state.json"), "{\"global_step\": 10, "
        + "\"max_steps\": 30, \"epoch\": 1.0, \"log_history\": [{\"loss\": 2.0, \"learning_rate\":"
        + " 0.001, \"epoch\": 0.5, \"step\": 5}, {\"loss\": 1.5, \"learning_rate\": 0.002, "
        + "\"epoch\": 1.0, \"step\": 10}, {\"eval_loss\": 1.7, \"step\": 10}]}");

    assertThat(Checkpoints.list(dir)).extracting(q -> q.getFileName().toString())
        .containsExactly("checkpoint-9", "checkpoint-10");
    TrainerState s = TrainerState.latest(dir).orElseThrow();
    assertThat(s.globalStep()).isEqualTo(10);
    assertThat(s.history()).hasSize(2);
    assertThat(s.last()).contains(new TuningProgress(10, 30, 1.0, 1.5, 0.002, Double.NaN));
  }
}
