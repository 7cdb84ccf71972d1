package org.biomedvital.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.LimitSetting;

/**
 * Checks an image's size from its header before anything decodes it: a small file can declare a
 * huge canvas (a 1.5 MB PNG of 20000 x 20000 pixels takes gigabytes once decoded), so every place
 * that decodes or embeds images calls {@link #check(ImageRef, String)} first.
 *
 * <p>The limit is {@value #DEFAULT_MAX_PIXELS} pixels (about 50 megapixels), set with {@code
 * -Dbiomedvital.maxImagePixels=N} (or the {@code BIOMEDVITAL_MAX_IMAGE_PIXELS} environment
 * variable). Dimensions come from the image reader's header parsing ({@link ImageReader#getWidth}),
 * which reads no pixels. Formats the JDK has no reader for (WebP), and headers no reader can parse,
 * cannot be measured and pass (nothing here can decode them either).
 */
public final class ImageLimits {
  /** The system property that sets the pixel limit. */
  public static final String MAX_PIXELS_PROPERTY = "biomedvital.maxImagePixels";

  /** The environment variable that sets the pixel limit when the property is not given. */
  public static final String MAX_PIXELS_ENV = "BIOMEDVITAL_MAX_IMAGE_PIXELS";

  /** The default pixel limit: 50 megapixels. */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  private ImageLimits() {}

  /**
   * Width and height in pixels.
   *
   * @param width the width
   * @param height the height
   */
  public record Size(int width, int height) {
    /** Width times height. */
    public long pixels() {
      return (long) width * height;
    }
  }

  /**
   * The pixel limit in force.
   *
   * @throws IllegalArgumentException when the setting is not a positive whole number
   */
  public static long maxPixels() {
    return LimitSetting.positive(MAX_PIXELS_PROPERTY, MAX_PIXELS_ENV, Long.MAX_VALUE, "pixels")
        .orElse(DEFAULT_MAX_PIXELS);
  }

  /**
   * The image's size read from its header only, or empty when no JDK reader knows the format or
   * the header cannot be parsed (then nothing can decode it either: decoding fails on its own).
   *
   * @throws InvalidDataException when the image file does not exist or cannot be read
   */
  public static Optional<Size> size(ImageRef image) {
    try (ImageInputStream in = open(image)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return Optional.of(new Size(reader.getWidth(0), reader.getHeight(0)));
      } catch (IOException | RuntimeException e) {
        // A header no reader can parse declares no size to fear.
        return Optional.empty();
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new InvalidDataException(where(image), 0, null, "cannot read image: " + e.getMessage(),
          e);
    }
  }

  /**
   * Refuses an image whose header declares more than {@link #maxPixels()} pixels, before it is
   * decoded or embedded.
   *
   * @param figureId the figure the image belongs to, for the message (null when unknown)
   * @return the image, for chaining
   * @throws InvalidDataException naming the image, the figure, its size, the limit and the fix
   */
  public static ImageRef check(ImageRef image, String figureId) {
    long max = maxPixels();
    Optional<Size> size = size(image);
    if (size.isPresent() && size.get().pixels() > max) {
      Size s = size.get();
      throw new InvalidDataException(where(image), 0, null, "image"
          + (figureId == null ? "" : " of figure '" + figureId + "'") + " is " + s.width() + " x "
          + s.height() + " = " + String.format(Locale.ROOT, "%.1f", s.pixels() / 1e6)
          + " megapixels, over the limit of " + String.format(Locale.ROOT, "%.1f", max / 1e6)
          + " megapixels; downscale it (e.g. to 4096 pixels on the long side), or raise the limit "
          + "with -D" + MAX_PIXELS_PROPERTY + "=PIXELS (or " + MAX_PIXELS_ENV + ")");
    }
    return image;
  }

  private static ImageInputStream open(ImageRef image) throws IOException {
    if (image.file().isPresent()) {
      if (!java.nio.file.Files.isRegularFile(image.file().get())) {
        throw new InvalidDataException(image.file().get().toString(), 0, null,
            "image file does not exist; check the image folder");
      }
      return new FileImageInputStream(image.file().get().toFile());
    }
    return new MemoryCacheImageInputStream(new ByteArrayInputStream(image.bytes()));
  }

  private static String where(ImageRef image) {
    return image.file().map(Object::toString).orElse(image.toString());
  }
}
