package org.biomedvital.model;

import java.util.Objects;
import java.util.Optional;
import org.biomedvital.data.ImageRef;

/** What to embed: text, an image, or both (image+text embedders such as BiomedCLIP). */
public record EmbeddingInput(String text, ImageRef image) {
  /** Validates: the text must not be null; the image may be. */
  public EmbeddingInput {
    Objects.requireNonNull(text, "text == null");
  }

  /** Text only. */
  public static EmbeddingInput text(String text) {
    return new EmbeddingInput(text, null);
  }

  /** Text and image. */
  public static EmbeddingInput of(String text, ImageRef image) {
    return new EmbeddingInput(text, Objects.requireNonNull(image, "image == null"));
  }

  /** The image, if any. */
  public Optional<ImageRef> imageRef() {
    return Optional.ofNullable(image);
  }
}
