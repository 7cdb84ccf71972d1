/**
 * The in-JVM tuning runner: a small LLaVA-style model (convolutional image encoder, MLP projector,
 * causal transformer language model) trained from scratch on CPU with DJL's PyTorch engine, using
 * LLaVA's two-stage recipe, and served as a {@link org.biomedvital.model.VisionChatModel}.
 */
package org.biomedvital.tuning.tiny;
