package org.biomedvital.pipeline;

import org.biomedvital.model.TokenUsage;

/** Turns a model's token usage into money, for the spend the manifest and progress report. */
@FunctionalInterface
public interface Pricing {
  /** Everything is free (offline generators, local models). */
  Pricing FREE = (model, usage) -> 0.0;

  /** The cost in US dollars of {@code usage} on {@code model}. */
  double usd(String model, TokenUsage usage);

  /** A flat price per million input and per million output tokens, for every model. */
  static Pricing perMillionTokens(double inputUsd, double outputUsd) {
    return (model, usage) ->
        (usage.inputTokens() * inputUsd + usage.outputTokens() * outputUsd) / 1_000_000.0;
  }
}
