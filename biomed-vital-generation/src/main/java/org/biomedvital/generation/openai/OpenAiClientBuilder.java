package org.biomedvital.generation.openai;

import java.util.Objects;
import org.biomedvital.generation.http.HttpClientBuilder;
import org.biomedvital.generation.internal.HttpClientSettings;

/**
 * The settings the OpenAI-protocol builders share on top of {@link HttpClientBuilder}: the model
 * family (which token-limit and sampling parameters the model takes) and the default image detail.
 */
abstract class OpenAiClientBuilder<B extends OpenAiClientBuilder<B>> extends HttpClientBuilder<B> {
  String detail = "";
  ModelFamily family;

  OpenAiClientBuilder(HttpClientSettings http) {
    super(http);
  }

  /**
   * Which parameters the model takes; default by model id, Azure's by deployment name ({@link
   * ModelFamily#of}). Reasoning models get {@code max_completion_tokens} and no temperature.
   */
  public B modelFamily(ModelFamily family) {
    this.family = Objects.requireNonNull(family, "family == null");
    return self();
  }

  /**
   * The default image detail: {@code low}, {@code high}, {@code auto} or empty; default empty
   * (the server's default).
   */
  public B detail(String detail) {
    this.detail = OpenAiWire.checkDetail(detail);
    return self();
  }

  /** The family set, else the one of {@code model}. */
  final ModelFamily familyOr(String model) {
    return family != null ? family : ModelFamily.of(model);
  }
}
