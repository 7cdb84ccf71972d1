package org.biomedvital.tuning.tiny;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.biomedvital.Experimental;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;

/**
 * The shape of the tiny LLaVA-style model: a three-layer convolutional image encoder (each layer
 * halves the image side), a two-layer MLP projector (LLaVA-1.5's {@code mlp2x_gelu}) and a small
 * causal transformer language model.
 *
 * @param imageSize the square side images are resized to; a multiple of 8
 * @param visionDim the channels of the encoder's last layer (the visual token width)
 * @param hiddenSize the language model width
 * @param layers the transformer layers
 * @param heads the attention heads; must divide {@code hiddenSize}
 * @param maxTextTokens the most text tokens per sample (longer conversations are cut)
 */
@Experimental("the tiny model's architecture, hyper-parameters and checkpoint format may change")
public record TinyLlavaConfig(
    int imageSize, int visionDim, int hiddenSize, int layers, int heads, int maxTextTokens) {
  /** The default: 32 px images, 16 visual tokens of 32 channels, a 2-layer 64-wide LM. */
  public static final TinyLlavaConfig DEFAULT = new TinyLlavaConfig(32, 32, 64, 2, 4, 64);

  /** Validates. */
  public TinyLlavaConfig {
    Checks.checkArgument(imageSize >= 8 && imageSize % 8 == 0,
        "imageSize must be a positive multiple of 8 but was %d", imageSize);
    Checks.positive(visionDim, "visionDim");
    Checks.positive(hiddenSize, "hiddenSize");
    Checks.positive(layers, "layers");
    Checks.positive(heads, "heads");
    Checks.checkArgument(hiddenSize % heads == 0,
        "heads (%d) must divide hiddenSize (%d)", heads, hiddenSize);
    Checks.checkArgument(maxTextTokens >= 8, "maxTextTokens must be >= 8 but was %d",
        maxTextTokens);
  }

  /** The number of visual tokens the encoder yields per image. */
  public int visualTokens() {
    int side = imageSize / 8;
    return side * side;
  }

  /** As JSON. */
  public ObjectNode toJson() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("image_size", imageSize);
    n.put("vision_dim", visionDim);
    n.put("hidden_size", hiddenSize);
    n.put("layers", layers);
    n.put("heads", heads);
    n.put("max_text_tokens", maxTextTokens);
    return n;
  }

  /** From JSON written by {@link #toJson()}; missing fields take the default's values. */
  public static TinyLlavaConfig fromJson(JsonNode n) {
    return new TinyLlavaConfig(
        n.path("image_size").asInt(DEFAULT.imageSize),
        n.path("vision_dim").asInt(DEFAULT.visionDim),
        n.path("hidden_size").asInt(DEFAULT.hiddenSize),
        n.path("layers").asInt(DEFAULT.layers),
        n.path("heads").asInt(DEFAULT.heads),
        n.path("max_text_tokens").asInt(DEFAULT.maxTextTokens));
  }
}
