package org.biomedvital.model;

import java.util.Objects;
import java.util.Set;
import org.biomedvital.data.ImageRef;

/** One part of a chat message: text or an image. */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image {

  /** A text part. */
  static Text text(String text) {
    return new Text(text);
  }

  /** An image part with the provider's default detail level. */
  static Image image(ImageRef image) {
    return new Image(image, "");
  }

  /** A text part. */
  record Text(String text) implements ContentPart {
    /** Validates. */
    public Text {
      Objects.requireNonNull(text, "text == null");
    }
  }

  /**
   * An image part.
   *
   * @param image the image; sent with the media type of its content
   * @param detail {@code "low"}, {@code "high"}, {@code "auto"} or empty for the provider default
   */
  record Image(ImageRef image, String detail) implements ContentPart {
    private static final Set<String> DETAILS = Set.of("", "low", "high", "auto");

    /** Validates. */
    public Image {
      Objects.requireNonNull(image, "image == null");
      Objects.requireNonNull(detail, "detail == null");
      if (!DETAILS.contains(detail)) {
        throw new IllegalArgumentException(
            "detail must be one of low, high, auto or empty but was '" + detail + "'");
      }
    }
  }
}
