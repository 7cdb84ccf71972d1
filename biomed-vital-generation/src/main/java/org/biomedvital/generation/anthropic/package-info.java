/** The Anthropic Messages API as a {@link org.biomedvital.model.VisionChatModel}. */
package org.biomedvital.generation.anthropic;
