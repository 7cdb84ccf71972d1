package org.biomedvital.selection.provider;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.biomedvital.internal.DeclaredProvider;
import org.biomedvital.selection.ScoredSample;
import org.biomedvital.selection.Selector;
import org.biomedvital.selection.select.Selectors;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.SelectorProvider;

/** Selector providers for configuration-driven runs. */
public final class SelectorProviders {
  private SelectorProviders() {}

  /**
   * The selector with a stable description as its {@code toString}, so that a pipeline run records
   * the same settings each time and a resumed run does not select again.
   */
  static Selector named(String description, Selector selector) {
    return new Selector() {
      @Override
      public List<ScoredSample> select(List<ScoredSample> scored) {
        return selector.select(scored);
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  /**
   * {@code top-fraction}: the paper's global top fraction. Settings: {@code fraction} (default 0.8)
   * and {@code per-domain-quota}: {@code pool} keeps the pool's domain mix within the fraction,
   * {@code none} (default) takes the global top.
   */
  public static final class TopFraction extends DeclaredProvider<Selector>
      implements SelectorProvider {
    /** Does nothing; {@link #create} builds the selector. */
    public TopFraction() {
      super("top-fraction", Set.of("fraction", "per-domain-quota"),
          "the global top fraction (settings: fraction, per-domain-quota pool|none)");
    }

    @Override
    public Selector create(ProviderSettings settings) {
      double fraction = settings.doubleValue("fraction", 0.8);
      String quota = settings.get("per-domain-quota").orElse("none").toLowerCase(Locale.ROOT);
      String name = "top-fraction(fraction=" + fraction + ", per-domain-quota=" + quota + ")";
      switch (quota) {
        case "none":
          return named(name, Selectors.topFraction(fraction));
        case "pool":
          return named(name, Selectors.domainQuota(
              Selectors.Size.fraction(fraction), Selectors.DomainMix.pool()));
        default:
          throw new IllegalArgumentException(
              "setting 'per-domain-quota' must be pool or none but was '" + quota + "'");
      }
    }
  }

  /** {@code top-k}: the {@code k} best (setting {@code k}, required). */
  public static final class TopK extends DeclaredProvider<Selector> implements SelectorProvider {
    /** Does nothing; {@link #create} builds the selector. */
    public TopK() {
      super("top-k", Set.of("k"));
    }

    @Override
    public Selector create(ProviderSettings settings) {
      int k = settings.intValue("k", -1);
      if (k < 0) {
        throw new IllegalArgumentException("setting 'k' is required and must be >= 0");
      }
      return named("top-k(k=" + k + ")", Selectors.topK(k));
    }
  }

  /** {@code best-per-figure}: the {@code n} best candidates of each figure (default 1). */
  public static final class BestPerFigure extends DeclaredProvider<Selector>
      implements SelectorProvider {
    /** Does nothing; {@link #create} builds the selector. */
    public BestPerFigure() {
      super("best-per-figure", Set.of("n"));
    }

    @Override
    public Selector create(ProviderSettings settings) {
      int n = settings.intValue("n", 1);
      return named("best-per-figure(n=" + n + ")", Selectors.bestPerFigure(n));
    }
  }
}
