package org.biomedvital.tuning.tiny;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.ImageLimits;
import org.biomedvital.data.ImageRef;

/** Image preprocessing for the tiny model: decode, resize to a square, normalise, CHW floats. */
final class TinyImages {
  private TinyImages() {}

  /** The CHW floats of an image, resized to {@code size} x {@code size}, roughly zero-mean. */
  static float[] load(ImageRef image, int size) {
    BufferedImage src;
    String where = image.file().map(Object::toString).orElse("image");
    try {
      src = ImageIO.read(new ByteArrayInputStream(ImageLimits.check(image, null).bytes()));
    } catch (IOException e) {
      throw new InvalidDataException(where, 0, null, "cannot decode image: " + e.getMessage(), e);
    }
    if (src == null) {
      throw new InvalidDataException(where, 0, null,
          "is not an image format Java can decode (PNG, JPEG, GIF, BMP); convert it");
    }
    BufferedImage dst = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = dst.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
          RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(src, 0, 0, size, size, null);
    } finally {
      g.dispose();
    }
    float[] out = new float[3 * size * size];
    int plane = size * size;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int rgb = dst.getRGB(x, y);
        int i = y * size + x;
        out[i] = norm((rgb >> 16) & 0xFF);
        out[plane + i] = norm((rgb >> 8) & 0xFF);
        out[2 * plane + i] = norm(rgb & 0xFF);
      }
    }
    return out;
  }

  /** A black image (for questions asked without one). */
  static float[] blank(int size) {
    float[] out = new float[3 * size * size];
    java.util.Arrays.fill(out, norm(0));
    return out;
  }

  private static float norm(int v) {
    return (v / 255f - 0.5f) / 0.25f;
  }
}
