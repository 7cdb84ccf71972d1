package org.biomedvital.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.biomedvital.VitalException;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.TokenUsage;
import org.biomedvital.model.VisionChatModel;

/**
 * A scripted {@link VisionChatModel} for tests: replies come from a queue (or a function of the
 * request), and every request is recorded for later assertions. Thread-safe.
 *
 * <pre>{@code
 * FakeVisionChatModel model = FakeVisionChatModel.replying("User: What is shown?\nAssistant: A CT.");
 * ... run the code under test ...
 * assertThat(model.requests()).hasSize(1);
 * }</pre>
 */
public final class FakeVisionChatModel implements VisionChatModel {
  private final Deque<Object> script = new ArrayDeque<>();
  private final List<ChatRequest> requests = new ArrayList<>();
  private Function<ChatRequest, ChatResponse> fallback;
  private TokenUsage usage = TokenUsage.NONE;

  private FakeVisionChatModel() {}

  /** A model that answers the given texts, one per call, in order; then fails. */
  public static FakeVisionChatModel replying(String... replies) {
    FakeVisionChatModel m = new FakeVisionChatModel();
    for (String r : replies) {
      m.thenReply(r);
    }
    return m;
  }

  /** A model that answers every call with {@code answer.apply(request)}. */
  public static FakeVisionChatModel answering(Function<ChatRequest, String> answer) {
    Objects.requireNonNull(answer, "answer == null");
    FakeVisionChatModel m = new FakeVisionChatModel();
    m.fallback = r -> ChatResponse.of(answer.apply(r));
    return m;
  }

  /** Queues one more reply text. */
  public synchronized FakeVisionChatModel thenReply(String text) {
    script.add(Objects.requireNonNull(text, "text == null"));
    return this;
  }

  /** Queues one more full response. */
  public synchronized FakeVisionChatModel thenRespond(ChatResponse response) {
    script.add(Objects.requireNonNull(response, "response == null"));
    return this;
  }

  /** Queues a failure: the next call throws {@code failure}. */
  public synchronized FakeVisionChatModel thenThrow(RuntimeException failure) {
    script.add(Objects.requireNonNull(failure, "failure == null"));
    return this;
  }

  /** The token usage reported with every scripted text reply; default none. */
  public synchronized FakeVisionChatModel usage(TokenUsage usage) {
    this.usage = Objects.requireNonNull(usage, "usage == null");
    return this;
  }

  @Override
  public synchronized ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    requests.add(request);
    Object next = script.poll();
    if (next == null) {
      if (fallback != null) {
        return fallback.apply(request);
      }
      throw new VitalException("FakeVisionChatModel has no reply left for call "
          + requests.size() + "; script more replies with thenReply(...)");
    }
    if (next instanceof RuntimeException) {
      throw (RuntimeException) next;
    }
    if (next instanceof ChatResponse) {
      return (ChatResponse) next;
    }
    return new ChatResponse((String) next, usage, "fake", "stop");
  }

  /** Every request received so far, in order. */
  public synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /** The last request received. @throws IllegalStateException when there was none */
  public synchronized ChatRequest lastRequest() {
    if (requests.isEmpty()) {
      throw new IllegalStateException("no request was sent to the fake model");
    }
    return requests.get(requests.size() - 1);
  }

  /** The number of calls so far. */
  public synchronized int calls() {
    return requests.size();
  }

  /** The number of scripted replies not yet used. */
  public synchronized int remaining() {
    return script.size();
  }
}
