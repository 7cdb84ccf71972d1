package org.biomedvital.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.biomedvital.data.DemonstrationSet;
import org.biomedvital.data.SamplingStrategy;
import org.biomedvital.pipeline.LaunchPlanner;
import org.biomedvital.pipeline.Pipeline;
import org.biomedvital.pipeline.StageResult;
import org.biomedvital.tuning.LaunchTarget;
import org.biomedvital.tuning.TuningRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's rules: declarative, conflicts rejected at build(), toBuilder() keeps everything. */
final class VitalPipelineBuilderTest {
  @TempDir Path dir;

  final TuningRunner runner = (job, listener) -> {
    throw new AssertionError("not run");
  };
  final LaunchTarget target = spec -> {
    throw new AssertionError("not launched");
  };
  final LaunchPlanner planner = job -> {
    throw new AssertionError("not planned");
  };

  VitalPipeline.Builder base() {
    return VitalPipeline.builder().outputDir(dir.resolve("run"));
  }

  @Test
  void tuningRunnerAndLaunchTargetConflictInEitherOrder() {
    String fix = "both tuningRunner(...) and launchTarget(...) are set; the tune stage uses one: "
        + "drop one of them";
    assertThatThrownBy(() -> base().tuningRunner(runner).launchTarget(target, planner).build())
        .isInstanceOf(IllegalStateException.class).hasMessage(fix);
    assertThatThrownBy(() -> base().launchTarget(target, planner).tuningRunner(runner).build())
        .isInstanceOf(IllegalStateException.class).hasMessage(fix);
    assertThat(base().tuningRunner(runner).build().pipeline().stages().get(7).action()).isNotNull();
    assertThat(base().launchTarget(target, planner).build().pipeline().stages().get(7).action())
        .isNotNull();
  }

  @Test
  void demonstrationsAsFileAndAsSetConflict() {
    DemonstrationSet set = DemonstrationSet.of(List.of());
    assertThatThrownBy(() -> base().demonstrations(dir.resolve("d.jsonl"), SamplingStrategy.perDomain(1))
        .demonstrations(set, SamplingStrategy.perDomain(1)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("demonstrations are set both as a file and as a DemonstrationSet; call "
            + "demonstrations(...) once");
  }

  @Test
  void defaultsAreTheNamedConstants() {
    Pipeline p = base().build().pipeline();

    assertThat(p.stages()).extracting(s -> s.name()).isEqualTo(VitalPipeline.STAGES);
    VitalPipeline.Builder b = base();
    assertThat(b.seed).isEqualTo(VitalPipeline.DEFAULT_SEED).isEqualTo(42L);
    assertThat(b.candidatesPerFigure).isEqualTo(VitalPipeline.DEFAULT_CANDIDATES_PER_FIGURE);
    assertThat(b.concurrency).isEqualTo(VitalPipeline.DEFAULT_CONCURRENCY);
    assertThat(b.humanWeight).isEqualTo(VitalPipeline.DEFAULT_HUMAN_WEIGHT);
    assertThat(b.scoreBatchSize).isEqualTo(VitalPipeline.DEFAULT_SCORE_BATCH_SIZE);
    assertThat(b.tuningStage).isEqualTo(VitalPipeline.DEFAULT_TUNING_STAGE);
    assertThat(b.sampling).isEqualTo(VitalPipeline.DEFAULT_SAMPLING);
  }

  @Test
  void toBuilderKeepsEverySettingAndLaterChangesDoNotReachTheBuiltPipeline() {
    VitalPipeline.Builder b = base().seed(7).candidatesPerFigure(3).tuningRunner(runner)
        .tuningParameter("learning_rate", "0.001").setting("config", "x.yaml").to("select")
        .replace("report", ctx -> StageResult.EMPTY);
    VitalPipeline built = b.build();
    b.seed(8).candidatesPerFigure(9).setting("config", "changed.yaml");

    VitalPipeline copy = built.toBuilder().build();

    assertThat(copy.pipeline().stages()).extracting(s -> s.name() + " " + s.settings())
        .isEqualTo(built.pipeline().stages().stream().map(s -> s.name() + " " + s.settings()).toList());
    assertThat(copy.pipeline().stages().get(0).settings()).contains("candidates=3").contains("seed=7");
    VitalPipeline.Builder again = built.toBuilder();
    assertThat(again.seed).isEqualTo(7);
    assertThat(again.settings).containsEntry("config", "x.yaml");
    assertThat(again.tuningParameters).containsEntry("learning_rate", "0.001");
    assertThat(again.tuningRunner).isSameAs(runner);
    assertThat(again.to).isEqualTo("select");
    assertThat(again.replaced).containsKey("report");
    assertThatThrownBy(() -> built.toBuilder().launchTarget(target, planner).build())
        .isInstanceOf(IllegalStateException.class);
  }
}
