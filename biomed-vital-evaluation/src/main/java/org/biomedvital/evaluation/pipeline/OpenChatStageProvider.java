package org.biomedvital.evaluation.pipeline;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.biomedvital.evaluation.chat.JudgeStyle;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.pipeline.StageAction;
import org.biomedvital.pipeline.StageActionProvider;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;

/**
 * The {@code open-chat} evaluate stage. Settings:
 *
 * <ul>
 *   <li>{@code answer-provider}: the {@code VisionChatModel} provider that opens the tuned model
 *       from the tuning folder, given as its {@code checkpoint} setting; default {@code tiny-llava}
 *   <li>{@code temperature}: the answering temperature; default 0
 *   <li>{@code judge-provider}: a {@code VisionChatModel} provider for the LLaVA-Med judge; when
 *       absent only the model-free metrics are computed. Every setting prefixed {@code judge.} is
 *       passed to it without the prefix (e.g. {@code judge.model}, {@code judge.base-url},
 *       {@code judge.api-key-env}: the environment variable holding its key)
 *   <li>{@code judge-style}: {@code text-only} (LLaVA-Med, default) or {@code with-image}
 *       (BioMed-VITAL)
 * </ul>
 */
public final class OpenChatStageProvider extends DeclaredProvider<StageAction>
    implements StageActionProvider {
  /** For the service loader. */
  public OpenChatStageProvider() {
    super("open-chat",
        Set.of("answer-provider", "temperature", "judge-provider", "judge-style", "judge.*"));
  }

  @Override
  public String description() {
    return "held-out open-chat evaluation of the tuned model: model-free metrics, optional judge";
  }

  @Override
  public StageAction create(ProviderSettings settings) {
    String answerProvider = settings.get("answer-provider").orElse("tiny-llava");
    double temperature = settings.doubleValue("temperature", 0.0);
    VisionChatModel judge = null;
    String judgeId = "";
    if (settings.get("judge-provider").isPresent()) {
      judgeId = settings.require("judge-provider");
      Map<String, String> judgeSettings = new LinkedHashMap<>();
      for (String key : settings.keys()) {
        if (key.startsWith("judge.")) {
          judgeSettings.put(key.substring("judge.".length()), settings.require(key));
        }
      }
      String envKey = judgeSettings.remove("api-key-env");
      if (envKey != null && System.getenv(envKey) != null) {
        judgeSettings.put("api-key", System.getenv(envKey));
      }
      judge = Providers.visionChatModel(judgeId, ProviderSettings.of(judgeSettings));
    }
    JudgeStyle style = parseStyle(settings.get("judge-style").orElse("text-only"));
    return new OpenChatStage(
        checkpoint -> Providers.visionChatModel(answerProvider,
            ProviderSettings.of("checkpoint", checkpoint.toString())),
        answerProvider, judge, judgeId, style, temperature);
  }

  private static JudgeStyle parseStyle(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "text-only":
        return JudgeStyle.TEXT_ONLY;
      case "with-image":
        return JudgeStyle.WITH_IMAGE;
      default:
        throw new IllegalArgumentException(
            "setting 'judge-style' must be text-only or with-image but was '" + value + "'");
    }
  }
}
