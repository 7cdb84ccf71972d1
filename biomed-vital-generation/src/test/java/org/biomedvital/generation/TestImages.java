package org.biomedvital.generation;

import java.util.Arrays;
import org.biomedvital.data.ImageRef;

/** Small in-memory images whose content sniffs as the named type. */
public final class TestImages {
  private TestImages() {}

  /** Bytes that start with the PNG signature. */
  public static ImageRef png() {
    byte[] b = Arrays.copyOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 32);
    b[20] = 7;
    return ImageRef.of(b);
  }

  /** Bytes that start with the JPEG signature. */
  public static ImageRef jpeg() {
    byte[] b = Arrays.copyOf(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, 24);
    return ImageRef.of(b);
  }

  /** Bytes that are no image. */
  public static ImageRef notAnImage() {
    return ImageRef.of("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
