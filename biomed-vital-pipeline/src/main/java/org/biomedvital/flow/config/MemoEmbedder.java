package org.biomedvital.flow.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;

/**
 * Remembers every vector of one run in memory, so the trainings of a human-weight sweep and the
 * score stage embed each text once. Package-private; thread-safe.
 */
final class MemoEmbedder implements Embedder {
  private final Embedder delegate;
  private final Map<EmbeddingInput, float[]> vectors = new ConcurrentHashMap<>();

  MemoEmbedder(Embedder delegate) {
    this.delegate = delegate;
  }

  @Override
  public float[] embed(EmbeddingInput input) {
    return vectors.computeIfAbsent(input, delegate::embed).clone();
  }

  @Override
  public List<float[]> embedAll(List<EmbeddingInput> inputs) {
    List<EmbeddingInput> missing = new ArrayList<>();
    for (EmbeddingInput in : inputs) {
      if (!vectors.containsKey(in) && !missing.contains(in)) {
        missing.add(in);
      }
    }
    if (!missing.isEmpty()) {
      List<float[]> computed = delegate.embedAll(missing);
      for (int i = 0; i < missing.size(); i++) {
        vectors.putIfAbsent(missing.get(i), computed.get(i));
      }
    }
    List<float[]> out = new ArrayList<>(inputs.size());
    for (EmbeddingInput in : inputs) {
      out.add(vectors.get(in).clone());
    }
    return out;
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
