package org.biomedvital.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.Provider;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.biomedvital.spi.VisionChatModelProvider;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The model options of every model-backed command ({@code generate}, {@code judge}, {@code
 * clinician alignment}, {@code eval chat}, {@code eval win-rate}): one vocabulary for which
 * provider and model to call and how. Nothing falls back quietly: a model option given to an
 * offline provider, an unknown provider name and a missing vendor key are argument errors (exit 2)
 * that say what to pick.
 *
 * <p>A command creates it with its offline default ({@code new ModelOptions("heuristic")}), or with
 * {@link #NONE} when it has no offline provider and {@code --provider} is required.
 */
public final class ModelOptions {
  /** The default of {@code --provider} for commands that need a model provider to be named. */
  public static final String NONE = "none";

  /** Vendor provider name to the environment variable its key is read from by default. */
  public static final Map<String, String> VENDOR_KEY_VARIABLES = Map.of(
      "openai-compatible", "OPENAI_API_KEY",
      "azure-openai", "AZURE_OPENAI_API_KEY",
      "anthropic", "ANTHROPIC_API_KEY");

  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  @Option(names = "--provider", paramLabel = "NAME", order = 100,
      description = "Who answers: a model provider (openai-compatible for OpenAI, vLLM, Ollama,"
          + " LM Studio, llama.cpp; azure-openai; anthropic) or the command's offline provider"
          + " (none: a model provider must be named). Default: ${DEFAULT-VALUE}.")
  String provider;

  @Option(names = "--model", paramLabel = "ID", order = 101,
      description = "Model id (Azure: the deployment name). Needs a model provider.")
  String model;

  @Option(names = "--base-url", paramLabel = "URL", order = 102,
      description = "Endpoint base URL, e.g. http://localhost:8000/v1/ (Azure: the resource"
          + " endpoint). Default: the vendor's public endpoint.")
  String baseUrl;

  @Option(names = "--api-key-env", paramLabel = "VAR", order = 103,
      description = "Environment variable holding the API key. Default: OPENAI_API_KEY"
          + " (openai-compatible without --base-url), AZURE_OPENAI_API_KEY (azure-openai),"
          + " ANTHROPIC_API_KEY (anthropic). Never pass a key itself on the command line.")
  String apiKeyEnv;

  @Option(names = "--rpm", paramLabel = "N", order = 104,
      description = "Client-side limit of requests per minute. Default: no limit.")
  Double rpm;

  @Option(names = "--tpm", paramLabel = "N", order = 105,
      description = "Client-side limit of tokens per minute. Default: no limit.")
  Double tpm;

  @Option(names = "--max-retries", paramLabel = "N", order = 106,
      description = "Retries of a failed call (429, 5xx, network). Default: 5.")
  Integer maxRetries;

  @Option(names = "--timeout", paramLabel = "DURATION", order = 107,
      description = "Read timeout of one call, e.g. 90s, 2m or PT90S. Default: the provider's.")
  String timeout;

  @Option(names = "--cache-dir", paramLabel = "DIR", order = 108,
      description = "Keep replies in DIR and answer repeated calls from it. Default: no cache"
          + " (generate: OUT/cache).")
  Path cacheDir;

  @Option(names = "--budget-usd", paramLabel = "USD", order = 109,
      description = "Stop before spending more than USD at list prices. Default: no limit.")
  Double budgetUsd;

  @Option(names = "--setting", paramLabel = "KEY=VALUE", order = 110,
      description = "Another provider setting, e.g. detail=low or api-version=2024-06-01"
          + " (repeatable). Unknown keys are refused with the accepted ones.")
  Map<String, String> settings = new LinkedHashMap<>();

  /** A mixin whose {@code --provider} defaults to {@link #NONE}. */
  public ModelOptions() {
    this(NONE);
  }

  /** A mixin whose {@code --provider} defaults to {@code defaultProvider}. */
  public ModelOptions(String defaultProvider) {
    this.provider = defaultProvider;
  }

  /** The provider named (or the default). */
  public String provider() {
    return provider;
  }

  /** The model id, or null. */
  public String model() {
    return model;
  }

  /** The base URL given as {@code --base-url} or {@code --setting base-url=}, or null. */
  public String baseUrl() {
    return baseUrl != null ? baseUrl : settings.get("base-url");
  }

  /** Whether {@code --provider} names a vision-model provider. */
  public boolean isModelProvider() {
    return modelProviders().contains(provider);
  }

  /**
   * Checks the choice of provider, for a command whose offline providers are those of {@code
   * offlineKind} (null: none). Prints a warning for a key given on the command line.
   *
   * @throws CommandLine.ParameterException (exit 2) for an unknown provider, a model option given to
   *     an offline provider, no provider where one is needed, or a vendor key that is not set
   */
  public void check(Class<? extends Provider<?>> offlineKind, PrintWriter err) {
    checkChoice(offlineKind, err);
    requireKey();
  }

  /** {@link #check} without the check that the vendor key is set (for what makes no call). */
  public void checkChoice(Class<? extends Provider<?>> offlineKind, PrintWriter err) {
    Set<String> models = modelProviders();
    Set<String> offline = offlineKind == null ? Set.of() : new TreeSet<>(
        Providers.available(offlineKind).keySet());
    if (provider == null || provider.equals(NONE)) {
      throw usage("--provider is required: pick a model provider (" + String.join(", ", models)
          + ")");
    }
    if (!models.contains(provider) && !offline.contains(provider)) {
      Set<String> all = new TreeSet<>(models);
      all.addAll(offline);
      throw usage("unknown provider '" + provider + "'; available: " + String.join(", ", all));
    }
    List<String> given = modelOptionsGiven();
    if (!models.contains(provider) && !given.isEmpty()) {
      throw usage(String.join(", ", given) + (given.size() == 1 ? " needs" : " need")
          + " a model provider, but '" + provider + "' is offline and calls no model; add"
          + " --provider with one of " + String.join(", ", models));
    }
    for (String k : settings.keySet()) {
      if (ProviderSettings.isSecretKey(k) && !k.equals("api-key-env")) {
        err.println("warning: --setting " + k + "=... puts a secret on the command line, where the"
            + " process list and shell history keep it; export it and pass --api-key-env VAR");
        err.flush();
      }
    }
  }

  /**
   * Checks that the variable the key is read from is set, when the provider needs a key.
   *
   * @throws CommandLine.ParameterException (exit 2) saying what to export
   */
  public void requireKey() {
    if (isModelProvider() && keyVariable() != null && !settings.containsKey("api-key")) {
      String var = keyVariable();
      String v = System.getenv(var);
      if (v == null || v.isBlank()) {
        throw usage(provider + (baseUrl() == null && provider.equals("openai-compatible")
            ? " without --base-url calls api.openai.com and" : "") + " needs an API key, but "
            + var + " is not set; export " + var + "=... or name another variable with"
            + " --api-key-env VAR");
      }
    }
  }

  /**
   * The model options by provider setting key (each option's flag is {@code --} and the key), in
   * flag order; a value is null when the option was not given.
   */
  private Map<String, Object> modelOptionValues() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("model", model);
    values.put("base-url", baseUrl);
    values.put("api-key-env", apiKeyEnv);
    values.put("rpm", rpm);
    values.put("tpm", tpm);
    values.put("max-retries", maxRetries);
    values.put("timeout", timeout);
    values.put("cache-dir", cacheDir);
    values.put("budget-usd", budgetUsd);
    return values;
  }

  /** The model options given on the command line, by flag. */
  List<String> modelOptionsGiven() {
    List<String> given = new ArrayList<>();
    modelOptionValues().forEach((k, v) -> {
      if (v != null) {
        given.add("--" + k);
      }
    });
    return given;
  }

  /** The variable the key is read from: {@code --api-key-env}, else the vendor's, else null. */
  public String keyVariable() {
    if (apiKeyEnv != null) {
      return apiKeyEnv;
    }
    if (settings.containsKey("api-key-env")) {
      return settings.get("api-key-env");
    }
    if (provider.equals("openai-compatible") && baseUrl() != null) {
      return null; // a self-hosted server (vLLM, Ollama) usually takes no key
    }
    return VENDOR_KEY_VARIABLES.get(provider);
  }

  /**
   * The settings of the vision-model provider: the flags given plus {@code --setting}s and {@code
   * extra} (which the command adds, e.g. its cache folder).
   */
  public ProviderSettings modelSettings(Map<String, String> extra) {
    Map<String, String> m = new LinkedHashMap<>(settings);
    String var = keyVariable();
    modelOptionValues().forEach((k, v) -> {
      if (k.equals("api-key-env")) {
        // the variable the key is read from, given or the vendor's; none with a key setting
        if (var != null && !m.containsKey("api-key")) {
          m.put(k, var);
        }
      } else if (v != null) {
        m.put(k, String.valueOf(v));
      }
    });
    extra.forEach(m::putIfAbsent);
    return ProviderSettings.of(m);
  }

  /** The {@code --setting}s alone, for an offline provider. */
  public ProviderSettings offlineSettings(Map<String, String> extra) {
    Map<String, String> m = new LinkedHashMap<>(settings);
    extra.forEach(m::putIfAbsent);
    return ProviderSettings.of(m);
  }

  /** Creates the vision chat model through {@link Providers#create}, which checks the settings. */
  public VisionChatModel chatModel(Map<String, String> extra) {
    return Providers.visionChatModel(provider, modelSettings(extra));
  }

  /** {@code provider:model}, or the provider alone. */
  public String displayName() {
    return provider + (model == null ? "" : ":" + model);
  }

  /** The cache folder given, or null. */
  public Path cacheDir() {
    return cacheDir;
  }

  /** The budget given, or null. */
  public Double budgetUsd() {
    return budgetUsd;
  }

  private static Set<String> modelProviders() {
    return new TreeSet<>(Providers.available(VisionChatModelProvider.class).keySet());
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(mixee.commandLine(), message);
  }
}
