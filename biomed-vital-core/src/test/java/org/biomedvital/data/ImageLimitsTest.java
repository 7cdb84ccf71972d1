package org.biomedvital.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.biomedvital.InvalidDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, point 5: a decompression bomb is refused from its header, before any decoding. */
final class ImageLimitsTest {
  @TempDir Path tmp;

  /**
   * A valid 8-bit grey PNG of {@code w} x {@code h} zero pixels: a few hundred kilobytes on disk
   * for 400 million pixels (the bomb of the issue).
   */
  static byte[] png(int w, int h) throws IOException {
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    try (OutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
      byte[] row = new byte[w + 1];
      for (int y = 0; y < h; y++) {
        z.write(row);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(ihdr);
    d.writeInt(w);
    d.writeInt(h);
    d.write(new byte[] {8, 0, 0, 0, 0});
    chunk(out, "IHDR", ihdr.toByteArray());
    chunk(out, "IDAT", idat.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(data.length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    d.write(t);
    d.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    d.writeInt((int) crc.getValue());
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeaderNamingTheFigureAndTheFix() throws Exception {
    Path bomb = Files.write(tmp.resolve("PMC1_F1.jpg"), png(20_000, 20_000));
    assertThat(Files.size(bomb)).isLessThan(2_000_000L);
    ImageRef ref = ImageRef.of(bomb);

    assertThat(ImageLimits.size(ref)).contains(new ImageLimits.Size(20_000, 20_000));
    assertThatThrownBy(() -> ImageLimits.check(ref, "PMC1_F1"))
        .isInstanceOf(InvalidDataException.class)
        .hasMessage(bomb + ": image of figure 'PMC1_F1' is 20000 x 20000 = 400.0 megapixels, over "
            + "the limit of 50.0 megapixels; downscale it (e.g. to 4096 pixels on the long side), "
            + "or raise the limit with -Dbiomedvital.maxImagePixels=PIXELS (or "
            + "BIOMEDVITAL_MAX_IMAGE_PIXELS)");
    assertThatThrownBy(ref::toDataUrl).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("over the limit of 50.0 megapixels");
    assertThatThrownBy(() -> ImageLimits.check(ImageRef.of(Files.readAllBytes(bomb)), null))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("image is 20000 x 20000");
  }

  @Test
  void anOrdinaryImagePassesAndTheLimitIsSettable() throws Exception {
    ImageRef small = ImageRef.of(Files.write(tmp.resolve("s.png"), png(300, 200)));
    assertThat(ImageLimits.check(small, "f")).isSameAs(small);
    assertThat(ImageLimits.size(small)).contains(new ImageLimits.Size(300, 200));

    System.setProperty(ImageLimits.MAX_PIXELS_PROPERTY, "50000");
    try {
      assertThatThrownBy(() -> ImageLimits.check(small, "f"))
          .hasMessageContaining("is 300 x 200 = 0.1 megapixels, over the limit of 0.1 megapixels");
    } finally {
      System.clearProperty(ImageLimits.MAX_PIXELS_PROPERTY);
    }
    System.setProperty(ImageLimits.MAX_PIXELS_PROPERTY, "lots");
    try {
      assertThatThrownBy(ImageLimits::maxPixels).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("-Dbiomedvital.maxImagePixels must be a positive number of pixels but is "
              + "'lots'");
    } finally {
      System.clearProperty(ImageLimits.MAX_PIXELS_PROPERTY);
    }
  }

  @Test
  void contentNoReaderKnowsPasses() {
    ImageRef webp = ImageRef.of("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII));
    assertThat(ImageLimits.size(webp)).isEmpty();
    assertThat(ImageLimits.check(webp, "f")).isSameAs(webp);
    ImageRef brokenPng = ImageRef.of(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    assertThat(ImageLimits.size(brokenPng)).isEmpty();
  }
}
