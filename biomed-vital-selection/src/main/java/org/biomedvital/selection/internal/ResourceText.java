package org.biomedvital.selection.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.biomedvital.VitalIoException;

/** Reads the bundled class-path resources (rubric, lexicon, learning check, task page) as text. */
public final class ResourceText {
  private ResourceText() {}

  /**
   * The UTF-8 text of resource {@code name}, resolved as {@code anchor.getResourceAsStream} does
   * (relative to the anchor's package unless it starts with {@code /}).
   *
   * @throws IllegalStateException when the resource is missing from the jar
   * @throws VitalIoException when it cannot be read
   */
  public static String read(Class<?> anchor, String name) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new VitalIoException(Path.of(name), "cannot read resource " + name, e);
    }
  }
}
