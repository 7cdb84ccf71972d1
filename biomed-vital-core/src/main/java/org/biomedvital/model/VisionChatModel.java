package org.biomedvital.model;

/**
 * One chat call to a vision-language model: text and image parts in, reply text and token usage
 * out. Generators, judges and evaluators talk to models only through this interface, so any
 * provider, a cache, or a test fake can stand behind it.
 *
 * <p>Implementations are safe for concurrent use; create one and share it.
 */
@FunctionalInterface
public interface VisionChatModel {

  /**
   * Sends one request and returns the reply.
   *
   * @throws org.biomedvital.RemoteServiceException when the endpoint fails; see {@code retriable()}
   * @throws org.biomedvital.BudgetExceededException when the call would exceed the spend budget
   */
  ChatResponse chat(ChatRequest request);

  /** A one-message convenience: the user text and optional images, default parameters. */
  default ChatResponse chat(String userText, org.biomedvital.data.ImageRef... images) {
    return chat(ChatRequest.builder().addMessage(ChatMessage.user(userText, images)).build());
  }
}
