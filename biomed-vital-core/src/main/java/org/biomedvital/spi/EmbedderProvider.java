package org.biomedvital.spi;

import org.biomedvital.model.Embedder;

/** Creates embedders (MiniLM, BiomedCLIP ONNX, hashing, remote) by name; register implementations in {@code META-INF/services}. */
public interface EmbedderProvider extends Provider<Embedder> {}
