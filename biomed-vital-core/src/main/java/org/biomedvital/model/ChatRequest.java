package org.biomedvital.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.biomedvital.internal.Checks;

/**
 * One chat request: messages and sampling parameters. Unset parameters are left to the provider's
 * defaults. The model id is a property of the client, but a request may override it.
 *
 * <p>Immutable; build with {@link #builder()}.
 */
public final class ChatRequest {
  private final List<ChatMessage> messages;
  private final String model;
  private final Double temperature;
  private final Double topP;
  private final Integer maxTokens;
  private final Long seed;
  private final ResponseFormat responseFormat;

  private ChatRequest(Builder b) {
    this.messages = List.copyOf(b.messages);
    this.model = b.model;
    this.temperature = b.temperature;
    this.topP = b.topP;
    this.maxTokens = b.maxTokens;
    this.seed = b.seed;
    this.responseFormat = b.responseFormat;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.messages.addAll(messages);
    b.model = model;
    b.temperature = temperature;
    b.topP = topP;
    b.maxTokens = maxTokens;
    b.seed = seed;
    b.responseFormat = responseFormat;
    return b;
  }

  /** The messages, in order. */
  public List<ChatMessage> messages() {
    return messages;
  }

  /** A model id overriding the client's, if set. */
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /** The sampling temperature, if set. */
  public OptionalDouble temperature() {
    return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
  }

  /** The nucleus-sampling top-p, if set. */
  public OptionalDouble topP() {
    return topP == null ? OptionalDouble.empty() : OptionalDouble.of(topP);
  }

  /** The most tokens to generate, if set. */
  public OptionalInt maxTokens() {
    return maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens);
  }

  /** The sampling seed, if set (providers that support it). */
  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  /** The reply format; default {@link ResponseFormat#TEXT}. */
  public ResponseFormat responseFormat() {
    return responseFormat;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ChatRequest)) {
      return false;
    }
    ChatRequest r = (ChatRequest) o;
    return messages.equals(r.messages)
        && Objects.equals(model, r.model)
        && Objects.equals(temperature, r.temperature)
        && Objects.equals(topP, r.topP)
        && Objects.equals(maxTokens, r.maxTokens)
        && Objects.equals(seed, r.seed)
        && responseFormat == r.responseFormat;
  }

  @Override
  public int hashCode() {
    return Objects.hash(messages, model, temperature, topP, maxTokens, seed, responseFormat);
  }

  @Override
  public String toString() {
    return "ChatRequest{messages=" + messages.size() + ", model=" + model + ", temperature="
        + temperature + ", maxTokens=" + maxTokens + ", format=" + responseFormat + "}";
  }

  /** Builds {@link ChatRequest}s; at least one message is required. */
  public static final class Builder {
    private final List<ChatMessage> messages = new ArrayList<>();
    private String model;
    private Double temperature;
    private Double topP;
    private Integer maxTokens;
    private Long seed;
    private ResponseFormat responseFormat = ResponseFormat.TEXT;

    private Builder() {}

    /** Appends a message. */
    public Builder addMessage(ChatMessage message) {
      messages.add(Objects.requireNonNull(message, "message == null"));
      return this;
    }

    /** Replaces the messages. */
    public Builder messages(List<ChatMessage> newMessages) {
      messages.clear();
      newMessages.forEach(this::addMessage);
      return this;
    }

    /** Overrides the client's model id. */
    public Builder model(String model) {
      this.model = Checks.notBlank(model, "model");
      return this;
    }

    /** The sampling temperature, in [0, 2]. */
    public Builder temperature(double temperature) {
      this.temperature = Checks.inRange(temperature, 0.0, 2.0, "temperature");
      return this;
    }

    /** The nucleus-sampling top-p, in [0, 1]. */
    public Builder topP(double topP) {
      this.topP = Checks.inRange(topP, 0.0, 1.0, "topP");
      return this;
    }

    /** The most tokens to generate, > 0. */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = Checks.positive(maxTokens, "maxTokens");
      return this;
    }

    /** The sampling seed. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The reply format. */
    public Builder responseFormat(ResponseFormat format) {
      this.responseFormat = Objects.requireNonNull(format, "format == null");
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalStateException when there is no message
     */
    public ChatRequest build() {
      Checks.checkState(!messages.isEmpty(), "a chat request needs a message; call addMessage(...)");
      return new ChatRequest(this);
    }
  }
}
