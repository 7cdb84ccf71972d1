package org.biomedvital.generation.prompt;

/** The reply shape the prompt asks for. */
public enum OutputMode {
  /** "User: ..." / "Assistant: ..." paragraphs, as the official generator. */
  TEXT,
  /** One JSON object {@code {"conversations": [{"from", "value"}, ...]}}. */
  JSON
}
