package org.biomedvital.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text and/or an image into a vector. Implementations that embed both concatenate the text
 * vector and the image vector (text first), so a vector's length is the same for every input of one
 * embedder.
 *
 * <p>Implementations are safe for concurrent use.
 */
@FunctionalInterface
public interface Embedder {

  /** Embeds one input. */
  float[] embed(EmbeddingInput input);

  /** Embeds many inputs; implementations batch where they can. */
  default List<float[]> embedAll(List<EmbeddingInput> inputs) {
    List<float[]> out = new ArrayList<>(inputs.size());
    for (EmbeddingInput in : inputs) {
      out.add(embed(in));
    }
    return out;
  }

  /** A stable id naming the model and its settings, used in cache keys and model cards. */
  default String id() {
    return getClass().getName();
  }
}
