/**
 * Embedder plumbing that needs no native runtime: a deterministic hashing embedder, the on-disk
 * embedding cache, the embedder specs of the command line and model cards, and vector helpers. The
 * ONNX embedders (all-MiniLM-L6-v2, BiomedCLIP exports) live in {@code biomed-vital-selection-onnx}.
 */
package org.biomedvital.selection.embed;
