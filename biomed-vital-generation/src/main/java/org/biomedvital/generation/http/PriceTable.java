package org.biomedvital.generation.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.biomedvital.internal.Checks;
import org.biomedvital.model.TokenUsage;

/**
 * Prices per million input and output tokens by model id. A model matches the entry with the
 * longest prefix of its id ({@code gpt-4o-2024-08-06} matches {@code gpt-4o}). Immutable.
 *
 * <p>{@link #DEFAULT} holds list prices (USD) of common vision models as of 2025; prices change,
 * so pass your own for budgets that matter.
 */
public final class PriceTable {
  /** A price per million tokens. */
  public record Price(double inputPerMillion, double outputPerMillion) {
    /** Validates. */
    public Price {
      Checks.checkArgument(inputPerMillion >= 0 && outputPerMillion >= 0
              && Double.isFinite(inputPerMillion) && Double.isFinite(outputPerMillion),
          "prices must be finite and >= 0 but were %s and %s", inputPerMillion, outputPerMillion);
    }

    /** The cost of a usage in USD. */
    public double cost(TokenUsage usage) {
      return usage.inputTokens() * inputPerMillion / 1e6 + usage.outputTokens() * outputPerMillion / 1e6;
    }
  }

  /** List prices of common models. */
  public static final PriceTable DEFAULT = builder()
      .put("gpt-4o-mini", 0.15, 0.60)
      .put("gpt-4o", 2.50, 10.00)
      .put("gpt-4.1-nano", 0.10, 0.40)
      .put("gpt-4.1-mini", 0.40, 1.60)
      .put("gpt-4.1", 2.00, 8.00)
      .put("gpt-4-turbo", 10.00, 30.00)
      .put("gpt-4-vision-preview", 10.00, 30.00)
      .put("claude-3-haiku", 0.25, 1.25)
      .put("claude-3-5-haiku", 0.80, 4.00)
      .put("claude-haiku-4", 1.00, 5.00)
      .put("claude-3-5-sonnet", 3.00, 15.00)
      .put("claude-3-7-sonnet", 3.00, 15.00)
      .put("claude-sonnet-4", 3.00, 15.00)
      .put("claude-opus-4", 15.00, 75.00)
      .build();

  /** No prices. */
  public static final PriceTable EMPTY = builder().build();

  private final Map<String, Price> prices;

  private PriceTable(Map<String, Price> prices) {
    this.prices = Map.copyOf(prices);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this table's prices. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.prices.putAll(prices);
    return b;
  }

  /** The price of {@code model}: the entry with the longest prefix of its id. */
  public Optional<Price> price(String model) {
    Objects.requireNonNull(model, "model == null");
    String m = model.toLowerCase(Locale.ROOT);
    String best = null;
    for (String k : prices.keySet()) {
      if (m.startsWith(k) && (best == null || k.length() > best.length())) {
        best = k;
      }
    }
    return Optional.ofNullable(best == null ? null : prices.get(best));
  }

  /** The cost of {@code usage} on {@code model} in USD; 0 when the model has no price. */
  public double cost(String model, TokenUsage usage) {
    return price(model).map(p -> p.cost(usage)).orElse(0.0);
  }

  @Override
  public String toString() {
    return "PriceTable" + prices.keySet();
  }

  /** Builds {@link PriceTable}s. */
  public static final class Builder {
    private final Map<String, Price> prices = new LinkedHashMap<>();

    private Builder() {}

    /** Sets the price of models whose id starts with {@code modelPrefix}, in USD per million tokens. */
    public Builder put(String modelPrefix, double inputPerMillion, double outputPerMillion) {
      prices.put(Checks.notBlank(modelPrefix, "modelPrefix").toLowerCase(Locale.ROOT),
          new Price(inputPerMillion, outputPerMillion));
      return this;
    }

    /** Builds the table. */
    public PriceTable build() {
      return new PriceTable(prices);
    }
  }
}
