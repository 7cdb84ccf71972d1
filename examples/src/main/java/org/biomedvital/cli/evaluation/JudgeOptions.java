package org.biomedvital.cli.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import picocli.CommandLine.Option;

/** The judge flags shared by {@code eval chat} and {@code eval win-rate}. */
final class JudgeOptions {
  @Option(names = "--judge-provider", required = true, paramLabel = "NAME",
      description = "VisionChatModel provider of the judge, e.g. openai-compatible.")
  String provider;

  @Option(names = "--judge-model", paramLabel = "MODEL",
      description = "Judge model id (provider setting 'model'), e.g. gpt-4o.")
  String model;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Judge endpoint (provider setting 'base-url').")
  String baseUrl;

  @Option(names = "--api-key-env", paramLabel = "VAR",
      description = "Environment variable holding the judge's API key (provider setting 'api-key').")
  String apiKeyEnv;

  /** The provider settings from the flags; the key is read from the environment, never printed. */
  ProviderSettings settings(Map<String, String> env) {
    Map<String, String> m = new LinkedHashMap<>();
    if (model != null) {
      m.put("model", model);
    }
    if (baseUrl != null) {
      m.put("base-url", baseUrl);
    }
    if (apiKeyEnv != null) {
      String key = env.get(apiKeyEnv);
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("--api-key-env names " + apiKeyEnv
            + ", which is not set or empty; export it or drop the flag");
      }
      m.put("api-key", key);
    }
    return ProviderSettings.of(m);
  }

  VisionChatModel judge() {
    return Providers.visionChatModel(provider, settings(System.getenv()));
  }

  String judgeName() {
    return provider + (model == null ? "" : ":" + model);
  }
}
