package org.biomedvital.cli.preference;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.biomedvital.InvalidDataException;
import org.biomedvital.cli.FailureReport;
import org.biomedvital.cli.ModelOptions;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.selection.PairwiseJudge;
import org.biomedvital.selection.PreferenceJudge;
import org.biomedvital.selection.judge.JudgeScope;
import org.biomedvital.selection.judge.ModelPairwiseJudge;
import org.biomedvital.selection.judge.ModelPreferenceJudge;
import org.biomedvital.selection.judge.RatingPairwiseJudge;
import org.biomedvital.selection.judge.Rubric;
import org.biomedvital.spi.Providers;
import picocli.CommandLine.Option;

/**
 * The rubric options of {@code judge} and {@code clinician alignment}, and the judges they make
 * with the command's {@link ModelOptions}: the offline provider named (heuristic) with {@code
 * rubric} and {@code scope} as its settings, or a model judge over the vision model named.
 */
final class RubricOptions {
  @Option(names = "--rubric", paramLabel = "FILE",
      description = "A rubric JSON file (default: the bundled clinician rubric).")
  Path rubric;

  @Option(names = "--scope", defaultValue = "conversation", paramLabel = "SCOPE",
      description = "conversation, or compat (first question and answer only, as the official"
          + " code) (default: ${DEFAULT-VALUE}).")
  String scope;

  @Option(names = "--images", paramLabel = "DIR",
      description = "Image folder; the judge sees each candidate's image (default: text only).")
  Path images;

  Rubric rubric() {
    return rubric == null ? Rubric.clinicianDefault() : Rubric.load(rubric);
  }

  JudgeScope scope() {
    return JudgeScope.parse(scope);
  }

  ImageRoot imageRoot() {
    return images == null ? null : ImageRoot.of(images);
  }

  /** The rater recorded with each rating: the model id, else the provider. */
  static String rater(ModelOptions model) {
    return model.model() != null ? model.model() : model.provider();
  }

  /** The point-wise judge, counting each failure (and resolving images) on {@code failures}. */
  PreferenceJudge pointwise(ModelOptions model, FailureReport failures) {
    PreferenceJudge judge;
    if (model.isModelProvider()) {
      judge = ModelPreferenceJudge.builder().model(model.chatModel(Map.of())).rubric(rubric())
          .scope(scope()).rater(rater(model)).build();
    } else {
      judge = Providers.preferenceJudge(model.provider(), model.offlineSettings(offline()));
    }
    ImageRoot root = imageRoot();
    return (sample, ignored) -> {
      ImageRef image = image(root, sample, failures);
      try {
        return judge.rate(sample, image);
      } catch (RuntimeException e) {
        failures.add(e);
        throw e;
      }
    };
  }

  /** The pair-wise judge, counting each failure on {@code failures}. */
  PairwiseJudge pairwise(ModelOptions model, FailureReport failures) {
    PairwiseJudge judge = model.isModelProvider()
        ? ModelPairwiseJudge.builder().model(model.chatModel(Map.of())).rubric(rubric())
            .scope(scope()).build()
        : RatingPairwiseJudge.of(pointwise(model, new FailureReport()));
    ImageRoot root = imageRoot();
    return (a, b, ignored) -> {
      ImageRef image = image(root, a, failures);
      try {
        return judge.compare(a, b, image);
      } catch (RuntimeException e) {
        failures.add(e);
        throw e;
      }
    };
  }

  private Map<String, String> offline() {
    Map<String, String> m = new LinkedHashMap<>();
    if (rubric != null) {
      m.put("rubric", rubric.toString());
    }
    m.put("scope", scope);
    return m;
  }

  private static ImageRef image(ImageRoot root, InstructionSample s, FailureReport failures) {
    if (root == null) {
      return null;
    }
    try {
      return root.resolve(s.image());
    } catch (InvalidDataException e) {
      failures.add("image missing or unreadable under " + root.dir());
      throw e;
    }
  }
}
