package org.biomedvital.cli.preference;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.selection.PairwiseJudge;
import org.biomedvital.selection.PreferenceJudge;
import org.biomedvital.selection.judge.JudgeScope;
import org.biomedvital.selection.judge.ModelPairwiseJudge;
import org.biomedvital.selection.judge.ModelPreferenceJudge;
import org.biomedvital.selection.judge.RatingPairwiseJudge;
import org.biomedvital.selection.judge.Rubric;
import org.biomedvital.spi.PreferenceJudgeProvider;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import picocli.CommandLine.Option;

/** The judge options shared by {@code judge} and {@code clinician alignment}. */
final class JudgeOptions {
  @Option(names = "--provider", defaultValue = "heuristic", paramLabel = "NAME",
      description = "heuristic (offline, default), another registered judge, or a vision-model "
          + "provider such as openai-compatible")
  String provider;

  @Option(names = "--model", paramLabel = "ID", description = "the model id (setting 'model')")
  String model;

  @Option(names = "--setting", paramLabel = "KEY=VALUE",
      description = "a provider setting, e.g. base-url=http://localhost:8000/v1/ (repeatable; "
          + "the same keys generate takes: retries, rate limit, cache, budget)")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--rubric", paramLabel = "FILE",
      description = "a rubric JSON file; default the bundled clinician rubric")
  Path rubric;

  @Option(names = "--scope", defaultValue = "conversation", paramLabel = "SCOPE",
      description = "conversation (default) or compat (first Q/A only, as the official code)")
  String scope;

  @Option(names = "--images", paramLabel = "DIR", description = "the image folder")
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

  ProviderSettings providerSettings() {
    Map<String, String> all = new LinkedHashMap<>(settings);
    if (model != null) {
      all.put("model", model);
    }
    if (rubric != null) {
      all.putIfAbsent("rubric", rubric.toString());
    }
    all.putIfAbsent("scope", scope);
    return ProviderSettings.of(all);
  }

  boolean isJudgeProvider() {
    return Providers.available(PreferenceJudgeProvider.class).containsKey(provider);
  }

  String rater() {
    return model != null ? model : provider;
  }

  PreferenceJudge pointwise() {
    if (isJudgeProvider()) {
      return Providers.preferenceJudge(provider, providerSettings());
    }
    return ModelPreferenceJudge.builder().model(visionModel()).rubric(rubric()).scope(scope())
        .rater(rater()).build();
  }

  PairwiseJudge pairwise() {
    if (isJudgeProvider()) {
      return RatingPairwiseJudge.of(pointwise());
    }
    return ModelPairwiseJudge.builder().model(visionModel()).rubric(rubric()).scope(scope()).build();
  }

  private VisionChatModel visionModel() {
    // The model takes only its own settings; rubric and scope belong to the judge around it.
    Map<String, String> own = new LinkedHashMap<>(settings);
    if (model != null) {
      own.put("model", model);
    }
    return Providers.visionChatModel(provider, ProviderSettings.of(own));
  }
}
