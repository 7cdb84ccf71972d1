/**
 * Embedders: the default all-MiniLM-L6-v2 (int8 ONNX via DJL OnnxRuntime), an image+text ONNX
 * embedder for BiomedCLIP exports, a deterministic hashing embedder, and an on-disk embedding cache.
 */
package org.biomedvital.selection.embed;
