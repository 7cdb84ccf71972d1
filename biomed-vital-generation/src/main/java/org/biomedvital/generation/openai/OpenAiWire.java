package org.biomedvital.generation.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.biomedvital.generation.internal.HttpCaller;
import org.biomedvital.generation.internal.ProviderSupport;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.ContentPart;
import org.biomedvital.model.ResponseFormat;
import org.biomedvital.model.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The chat-completions wire format, shared by the OpenAI-compatible and Azure clients. */
final class OpenAiWire {

  private static final Set<String> DETAILS = Set.of("", "low", "high", "auto");
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiWire.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private OpenAiWire() {}

  /**
   * The request body; {@code model} is null for Azure (the deployment names it). A {@link
   * ModelFamily#REASONING} model gets {@code max_completion_tokens} and no sampling parameters (a
   * temperature or top-p the request sets is left out, with a warning once per model).
   */
  static String requestBody(ChatRequest request, String model, String defaultDetail,
      String provider, ModelFamily family) {
    ObjectNode n = Json.mapper().createObjectNode();
    if (model != null) {
      n.put("model", request.model().orElse(model));
    }
    ArrayNode messages = n.putArray("messages");
    for (ChatMessage m : request.messages()) {
      ObjectNode mn = messages.addObject();
      mn.put("role", m.role().name().toLowerCase(Locale.ROOT));
      boolean hasImage = m.parts().stream().anyMatch(p -> p instanceof ContentPart.Image);
      if (!hasImage) {
        mn.put("content", m.text());
        continue;
      }
      ArrayNode parts = mn.putArray("content");
      for (ContentPart p : m.parts()) {
        if (p instanceof ContentPart.Text) {
          parts.addObject().put("type", "text").put("text", ((ContentPart.Text) p).text());
        } else {
          ContentPart.Image img = (ContentPart.Image) p;
          ProviderSupport.imageMediaType(provider, img);
          ObjectNode url = parts.addObject().put("type", "image_url").putObject("image_url");
          url.put("url", img.image().toDataUrl());
          String detail = img.detail().isEmpty() ? defaultDetail : img.detail();
          if (!detail.isEmpty()) {
            url.put("detail", detail);
          }
        }
      }
    }
    if (family == ModelFamily.REASONING) {
      if ((request.temperature().isPresent() || request.topP().isPresent())
          && WARNED.add(String.valueOf(model))) {
        LOG.warn("{}: {} is a reasoning model, which takes no temperature or top_p; not sending"
            + " them (set model-family=chat if this model takes them)", provider,
            model == null ? "the deployment" : model);
      }
      request.maxTokens().ifPresent(v -> n.put("max_completion_tokens", v));
    } else {
      request.temperature().ifPresent(v -> n.put("temperature", v));
      request.topP().ifPresent(v -> n.put("top_p", v));
      request.maxTokens().ifPresent(v -> n.put("max_tokens", v));
    }
    request.seed().ifPresent(v -> n.put("seed", v));
    if (request.responseFormat() == ResponseFormat.JSON_OBJECT) {
      n.putObject("response_format").put("type", "json_object");
    }
    return n.toString();
  }

  /** Returns {@code detail} if it is an image detail level OpenAI accepts, else throws IAE. */
  static String checkDetail(String detail) {
    Checks.notNull(detail, "detail");
    Checks.checkArgument(DETAILS.contains(detail),
        "detail must be one of low, high, auto or empty but was '%s'", detail);
    return detail;
  }

  /** Parses a chat-completions response; malformed ones name the caller's provider and {@code url}. */
  static ChatResponse parse(HttpCaller caller, String url, String body) {
    JsonNode n = caller.readJson(url, body);
    JsonNode choice = n == null ? null : n.path("choices").path(0);
    if (choice == null || choice.isMissingNode()) {
      throw caller.malformed(url, "no 'choices[0]'", body);
    }
    JsonNode content = choice.path("message").path("content");
    String text;
    if (content.isTextual()) {
      text = content.textValue();
    } else if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      content.forEach(p -> sb.append(p.path("text").asText("")));
      text = sb.toString();
    } else {
      String refusal = choice.path("message").path("refusal").asText("");
      throw caller.malformed(url, "'choices[0].message.content' is "
          + (refusal.isEmpty() ? content.getNodeType() : "empty; refusal: " + refusal), body);
    }
    JsonNode usage = n.path("usage");
    TokenUsage tokens = new TokenUsage(Math.max(0, usage.path("prompt_tokens").asLong(0)),
        Math.max(0, usage.path("completion_tokens").asLong(0)));
    return new ChatResponse(text, tokens, n.path("model").asText(""),
        choice.path("finish_reason").asText(""));
  }
}
