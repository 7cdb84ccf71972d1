package org.biomedvital.selection.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.VisionChatModel;

/** A vision model fake that records requests and replies with a function of the request. */
final class FakeVisionChatModel implements VisionChatModel {
  final List<ChatRequest> requests = new ArrayList<>();
  private final Function<ChatRequest, String> replies;

  FakeVisionChatModel(Function<ChatRequest, String> replies) {
    this.replies = replies;
  }

  static FakeVisionChatModel replying(String reply) {
    return new FakeVisionChatModel(r -> reply);
  }

  @Override
  public synchronized ChatResponse chat(ChatRequest request) {
    requests.add(request);
    return ChatResponse.of(replies.apply(request));
  }

  String lastUserText() {
    ChatRequest r = requests.get(requests.size() - 1);
    return r.messages().get(r.messages().size() - 1).text();
  }
}
