package org.biomedvital.tuning.tiny;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.biomedvital.Experimental;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.Role;
import org.biomedvital.data.Turn;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.ChatRole;
import org.biomedvital.model.TokenUsage;
import org.biomedvital.model.VisionChatModel;

/**
 * A {@link VisionChatModel} answering with a trained {@link TinyLlavaModel} by greedy decoding, so
 * the evaluation stage can score the in-JVM model like any other.
 *
 * <p>The first image of the request's user messages is the image asked about (a black image when
 * there is none); system messages are ignored; user and assistant messages become the
 * conversation. Sampling parameters other than {@code maxTokens} are ignored (decoding is greedy,
 * hence deterministic). Thread-safe; owns the model when built with {@link #load}: close it.
 */
@Experimental("the tiny model's architecture, hyper-parameters and checkpoint format may change")
public final class TinyLlavaChatModel implements VisionChatModel, AutoCloseable {
  /** The reply length used when a request sets no {@code maxTokens}. */
  public static final int DEFAULT_MAX_TOKENS = 48;
  /** The model id reported in replies. */
  public static final String MODEL_ID = "tiny-llava";

  private final TinyLlavaModel model;
  private final boolean owned;

  private TinyLlavaChatModel(TinyLlavaModel model, boolean owned) {
    this.model = Objects.requireNonNull(model, "model == null");
    this.owned = owned;
  }

  /**
   * Loads a checkpoint folder written by {@link TinyLlavaTuningRunner}.
   *
   * @throws org.biomedvital.InvalidDataException when the folder is not a tiny-model checkpoint
   */
  public static TinyLlavaChatModel load(Path checkpoint) {
    return new TinyLlavaChatModel(TinyLlavaModel.load(checkpoint), true);
  }

  /** Wraps a model the caller keeps owning. */
  public static TinyLlavaChatModel of(TinyLlavaModel model) {
    return new TinyLlavaChatModel(model, false);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    ImageRef image = null;
    List<Turn> turns = new ArrayList<>();
    for (ChatMessage m : request.messages()) {
      if (m.role() == ChatRole.SYSTEM) {
        continue;
      }
      if (image == null && m.role() == ChatRole.USER && !m.images().isEmpty()) {
        image = m.images().get(0);
      }
      Role role = m.role() == ChatRole.USER ? Role.HUMAN : Role.GPT;
      if (!turns.isEmpty() && turns.get(turns.size() - 1).role() == role) {
        Turn last = turns.remove(turns.size() - 1);
        turns.add(new Turn(role, last.text() + "\n" + m.text()));
      } else if (turns.isEmpty() && role == Role.GPT) {
        continue;
      } else {
        turns.add(new Turn(role, m.text()));
      }
    }
    if (turns.isEmpty() || turns.get(turns.size() - 1).role() != Role.HUMAN) {
      throw new IllegalArgumentException(
          "the request must end with a user message for the tiny model to answer");
    }
    int size = model.config().imageSize();
    float[] pixels = image == null ? TinyImages.blank(size) : TinyImages.load(image, size);
    TinyLlavaModel.GenerationResult r =
        model.generate(pixels, turns, request.maxTokens().orElse(DEFAULT_MAX_TOKENS));
    return new ChatResponse(r.text(), new TokenUsage(r.promptTokens() + model.config()
        .visualTokens(), r.newTokens()), MODEL_ID, r.finishReason());
  }

  @Override
  public void close() {
    if (owned) {
      model.close();
    }
  }

  @Override
  public String toString() {
    return "TinyLlavaChatModel{" + model.config() + "}";
  }
}
