package org.biomedvital.generation.http;

import java.time.Duration;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;

/**
 * Observes the calls of a {@link ResilientChatModel}. Callbacks run on the calling thread and must
 * be quick and must not throw. Requests carry images; listeners must not log them whole. No method
 * ever receives a secret.
 */
public interface ChatListener {
  /** A listener that does nothing. */
  ChatListener NONE = new ChatListener() {};

  /** A request is about to be sent ({@code attempt} 0 for the first try). */
  default void onRequest(ChatRequest request, int attempt) {}

  /** A response arrived after {@code latency}. */
  default void onResponse(ChatRequest request, ChatResponse response, Duration latency) {}

  /** A retriable failure will be retried after {@code delay}. */
  default void onRetry(ChatRequest request, int attempt, RemoteServiceException error, Duration delay) {}

  /** The call failed for good (not retriable, retries spent, budget refused). */
  default void onError(ChatRequest request, RuntimeException error) {}

  /** The response came from the cache; no call was made. */
  default void onCacheHit(ChatRequest request, ChatResponse response) {}
}
