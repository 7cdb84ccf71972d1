package org.biomedvital.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.biomedvital.data.ImageRef;

/** One chat message: a role and its parts, in order. */
public record ChatMessage(ChatRole role, List<ContentPart> parts) {
  /** Validates and copies. */
  public ChatMessage {
    Objects.requireNonNull(role, "role == null");
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a chat message needs at least one part");
    }
  }

  /** A system message. */
  public static ChatMessage system(String text) {
    return new ChatMessage(ChatRole.SYSTEM, List.of(ContentPart.text(text)));
  }

  /** A user message: the images first (as vision APIs prefer), then the text. */
  public static ChatMessage user(String text, ImageRef... images) {
    List<ContentPart> parts = new ArrayList<>();
    for (ImageRef image : images) {
      parts.add(ContentPart.image(image));
    }
    parts.add(ContentPart.text(text));
    return new ChatMessage(ChatRole.USER, parts);
  }

  /** An assistant message. */
  public static ChatMessage assistant(String text) {
    return new ChatMessage(ChatRole.ASSISTANT, List.of(ContentPart.text(text)));
  }

  /** All text parts joined by blank lines. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (ContentPart p : parts) {
      if (p instanceof ContentPart.Text) {
        if (sb.length() > 0) {
          sb.append("\n\n");
        }
        sb.append(((ContentPart.Text) p).text());
      }
    }
    return sb.toString();
  }

  /** The images of this message, in order. */
  public List<ImageRef> images() {
    List<ImageRef> out = new ArrayList<>();
    for (ContentPart p : parts) {
      if (p instanceof ContentPart.Image) {
        out.add(((ContentPart.Image) p).image());
      }
    }
    return out;
  }
}
