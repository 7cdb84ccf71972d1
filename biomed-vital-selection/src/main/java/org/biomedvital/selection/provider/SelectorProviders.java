package org.biomedvital.selection.provider;

import java.util.Locale;
import org.biomedvital.selection.Selector;
import org.biomedvital.selection.select.Selectors;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.SelectorProvider;

/** Selector providers for configuration-driven runs. */
public final class SelectorProviders {
  private SelectorProviders() {}

  /**
   * {@code top-fraction}: the paper's global top fraction. Settings: {@code fraction} (default 0.8)
   * and {@code per-domain-quota}: {@code pool} keeps the pool's domain mix within the fraction,
   * {@code none} (default) takes the global top.
   */
  public static final class TopFraction implements SelectorProvider {
    @Override
    public String name() {
      return "top-fraction";
    }

    @Override
    public String description() {
      return "the global top fraction (settings: fraction, per-domain-quota pool|none)";
    }

    @Override
    public Selector create(ProviderSettings settings) {
      double fraction = settings.doubleValue("fraction", 0.8);
      String quota = settings.get("per-domain-quota").orElse("none").toLowerCase(Locale.ROOT);
      switch (quota) {
        case "none":
          return Selectors.topFraction(fraction);
        case "pool":
          return Selectors.domainQuota(
              Selectors.Size.fraction(fraction), Selectors.DomainMix.pool());
        default:
          throw new IllegalArgumentException(
              "setting 'per-domain-quota' must be pool or none but was '" + quota + "'");
      }
    }
  }

  /** {@code top-k}: the {@code k} best (setting {@code k}, required). */
  public static final class TopK implements SelectorProvider {
    @Override
    public String name() {
      return "top-k";
    }

    @Override
    public Selector create(ProviderSettings settings) {
      return Selectors.topK(Integer.parseInt(settings.require("k")));
    }
  }

  /** {@code best-per-figure}: the {@code n} best candidates of each figure (default 1). */
  public static final class BestPerFigure implements SelectorProvider {
    @Override
    public String name() {
      return "best-per-figure";
    }

    @Override
    public Selector create(ProviderSettings settings) {
      return Selectors.bestPerFigure(settings.intValue("n", 1));
    }
  }
}
