package org.biomedvital.spi;

import org.biomedvital.model.VisionChatModel;

/** Creates vision chat models (OpenAI-compatible, Azure OpenAI, Anthropic...) by name; register implementations in {@code META-INF/services}. */
public interface VisionChatModelProvider extends Provider<VisionChatModel> {}
