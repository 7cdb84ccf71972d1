package org.biomedvital.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.biomedvital.ProviderNotFoundException;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.selection.PreferenceJudge;
import org.biomedvital.selection.SelectionScorer;
import org.biomedvital.selection.Selector;
import org.biomedvital.selection.TrainableScorer;
import org.biomedvital.tuning.LaunchTarget;
import org.biomedvital.tuning.TuningRunner;

/**
 * Finds providers on the class path with {@link ServiceLoader} and creates stage implementations by
 * name.
 *
 * <pre>{@code
 * VisionChatModel model = Providers.visionChatModel("openai-compatible",
 *     ProviderSettings.of("base-url", "http://localhost:8000/v1/", "model", "llava"));
 * }</pre>
 *
 * <p>Lookup tries the thread's context class loader first, then the library's own. Two providers
 * with the same name are an error that names both classes; an unknown name is a
 * {@link ProviderNotFoundException} that lists what is available.
 */
public final class Providers {
  /** The system property that picks a provider when none is named, e.g. {@code biomedvital.generator}. */
  public static final String DEFAULT_PROPERTY_PREFIX = "biomedvital.";

  private Providers() {}

  /**
   * Every provider of {@code type}, by name, in discovery order.
   *
   * @throws IllegalStateException when two providers share a name
   */
  public static <P extends Provider<?>> Map<String, P> available(Class<P> type) {
    Objects.requireNonNull(type, "type == null");
    Map<String, P> byName = new LinkedHashMap<>();
    List<ClassLoader> loaders = new ArrayList<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      loaders.add(context);
    }
    if (Providers.class.getClassLoader() != context) {
      loaders.add(Providers.class.getClassLoader());
    }
    for (ClassLoader loader : loaders) {
      try {
        for (P p : ServiceLoader.load(type, loader)) {
          P seen = byName.get(p.name());
          if (seen == null) {
            byName.put(p.name(), p);
          } else if (seen.getClass() != p.getClass()) {
            throw new IllegalStateException("two " + type.getSimpleName() + "s are named '"
                + p.name() + "': " + seen.getClass().getName() + " and " + p.getClass().getName()
                + "; remove one from the class path");
          }
        }
      } catch (ServiceConfigurationError e) {
        throw new IllegalStateException(
            "cannot load " + type.getSimpleName() + " providers: " + e.getMessage(), e);
      }
    }
    return byName;
  }

  /**
   * The provider of {@code type} named {@code name}; when {@code name} is null, the one chosen by
   * the system property {@code biomedvital.<kind>} or the only one present.
   *
   * @throws ProviderNotFoundException listing the available names
   */
  public static <P extends Provider<?>> P find(Class<P> type, String name) {
    Map<String, P> all = available(type);
    String wanted = name;
    if (wanted == null) {
      wanted = System.getProperty(DEFAULT_PROPERTY_PREFIX + kind(type));
      if (wanted == null && all.size() == 1) {
        return all.values().iterator().next();
      }
      if (wanted == null) {
        throw notFound(type, null, all);
      }
    }
    P p = all.get(wanted);
    if (p == null) {
      throw notFound(type, wanted, all);
    }
    return p;
  }

  /**
   * Finds the provider, checks that {@code settings} holds only keys it accepts ({@link
   * Provider#settingKeys()}) and creates an instance.
   *
   * @throws IllegalArgumentException naming an unknown key and listing the accepted ones
   */
  public static <T, P extends Provider<T>> T create(
      Class<P> type, String name, ProviderSettings settings) {
    return checked(type, name, settings).create(settings);
  }

  /** The provider {@link #find} returns, once {@code settings} holds only keys it accepts. */
  private static <P extends Provider<?>> P checked(
      Class<P> type, String name, ProviderSettings settings) {
    Objects.requireNonNull(settings, "settings == null");
    P provider = find(type, name);
    settings.checkKeys(provider);
    return provider;
  }

  /** A vision chat model by provider name. */
  public static VisionChatModel visionChatModel(String name, ProviderSettings settings) {
    return create(VisionChatModelProvider.class, name, settings);
  }

  /** An embedder by provider name. */
  public static Embedder embedder(String name, ProviderSettings settings) {
    return create(EmbedderProvider.class, name, settings);
  }

  /** An instruction generator by provider name. */
  public static InstructionGenerator instructionGenerator(String name, ProviderSettings settings) {
    return create(InstructionGeneratorProvider.class, name, settings);
  }

  /** A preference judge by provider name. */
  public static PreferenceJudge preferenceJudge(String name, ProviderSettings settings) {
    return create(PreferenceJudgeProvider.class, name, settings);
  }

  /** A selection scorer by provider name. */
  public static SelectionScorer selectionScorer(String name, ProviderSettings settings) {
    return create(SelectionScorerProvider.class, name, settings);
  }

  /**
   * A scorer that learns from preference pairs, by provider name; checks the settings like {@link
   * #create}.
   *
   * @throws org.biomedvital.ProviderNotFoundException listing the available trainable scorers
   */
  public static TrainableScorer trainableScorer(String name, ProviderSettings settings) {
    // Not create(...): TrainableScorerProvider is a Provider<SelectionScorer>, and only its own
    // create override returns the TrainableScorer type.
    return checked(TrainableScorerProvider.class, name, settings).create(settings);
  }

  /** A selector by provider name. */
  public static Selector selector(String name, ProviderSettings settings) {
    return create(SelectorProvider.class, name, settings);
  }

  /** A tuning runner by provider name. */
  public static TuningRunner tuningRunner(String name, ProviderSettings settings) {
    return create(TuningRunnerProvider.class, name, settings);
  }

  /** A launch target by provider name. */
  public static LaunchTarget launchTarget(String name, ProviderSettings settings) {
    return create(LaunchTargetProvider.class, name, settings);
  }

  /** Every provider interface the library defines. */
  public static List<Class<? extends Provider<?>>> kinds() {
    return List.of(VisionChatModelProvider.class, EmbedderProvider.class,
        InstructionGeneratorProvider.class, PreferenceJudgeProvider.class,
        SelectionScorerProvider.class, TrainableScorerProvider.class, SelectorProvider.class,
        TuningRunnerProvider.class, LaunchTargetProvider.class);
  }

  /** A listing of every discovered provider, one per line, for diagnostics. No settings or secrets. */
  public static String describe() {
    StringBuilder sb = new StringBuilder();
    for (Class<? extends Provider<?>> kind : kinds()) {
      sb.append(kind.getSimpleName()).append(":\n");
      Map<String, ? extends Provider<?>> all = available(kind);
      if (all.isEmpty()) {
        sb.append("   (none)\n");
      }
      all.forEach((n, p) -> sb.append("   * ").append(n).append(" (")
          .append(p.getClass().getName()).append(")\n"));
    }
    return sb.toString();
  }

  private static String kind(Class<?> type) {
    String s = type.getSimpleName().replace("Provider", "");
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static ProviderNotFoundException notFound(
      Class<?> type, String name, Map<String, ? extends Provider<?>> all) {
    StringBuilder sb = new StringBuilder();
    if (name == null) {
      sb.append("No ").append(type.getSimpleName()).append(" named and ")
          .append(all.isEmpty() ? "none" : all.size() + " available; name one or set -D"
              + DEFAULT_PROPERTY_PREFIX + kind(type))
          .append(". Available:");
    } else {
      sb.append("No ").append(type.getSimpleName()).append(" named '").append(name)
          .append("'. Available:");
    }
    if (all.isEmpty()) {
      sb.append("\n   (none)");
    }
    all.forEach((n, p) ->
        sb.append("\n   * ").append(n).append(" (").append(p.getClass().getName()).append(")"));
    sb.append("\n Add the biomed-vital module that provides it (biomed-vital-generation, "
        + "biomed-vital-selection, biomed-vital-tuning) to the class path or pick an available name.");
    return new ProviderNotFoundException(sb.toString());
  }
}
