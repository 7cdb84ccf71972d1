package org.biomedvital.data;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import org.biomedvital.InvalidDataException;

/**
 * The folder that holds a corpus's images; resolves the relative names of data files
 * ({@code "18063892_F3.jpg"}) to {@link ImageRef}s and refuses anything that escapes it, is too
 * large, or is not an image.
 */
public final class ImageRoot {
  /** The default largest image accepted: 20 MiB, the common limit of vision APIs. */
  public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

  private final Path root;
  private final Path realRoot;
  private final long maxBytes;

  private ImageRoot(Path root, long maxBytes) {
    this.root = root.toAbsolutePath().normalize();
    Path real;
    try {
      real = this.root.toRealPath();
    } catch (java.io.IOException e) {
      real = this.root;
    }
    this.realRoot = real;
    this.maxBytes = maxBytes;
  }

  /** An image root at {@code dir} with {@link #DEFAULT_MAX_BYTES}. */
  public static ImageRoot of(Path dir) {
    return new ImageRoot(Objects.requireNonNull(dir, "dir == null"), DEFAULT_MAX_BYTES);
  }

  /** A copy with another size limit. */
  public ImageRoot withMaxBytes(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be > 0 but was " + maxBytes);
    }
    return new ImageRoot(root, maxBytes);
  }

  /** The folder. */
  public Path dir() {
    return root;
  }

  /**
   * Resolves a relative image name without touching the file system beyond what is needed to refuse
   * escapes through {@code ..} or symbolic links.
   *
   * @throws InvalidDataException when the name is absolute, escapes the root, or is malformed
   */
  public Path path(String name) {
    Objects.requireNonNull(name, "name == null");
    Path p;
    try {
      p = root.resolve(name).normalize();
    } catch (InvalidPathException e) {
      throw new InvalidDataException(null, 0, "image", "'" + name + "' is not a valid file name", e);
    }
    if (Path.of(name).isAbsolute() || !p.startsWith(root)) {
      throw new InvalidDataException(null, 0, "image",
          "'" + name + "' escapes the image folder " + root
              + "; image names must be relative paths inside it");
    }
    if (Files.exists(p)) {
      try {
        if (!p.toRealPath().startsWith(realRoot)) {
          throw new InvalidDataException(null, 0, "image",
              "'" + name + "' links outside the image folder " + root);
        }
      } catch (java.io.IOException e) {
        throw new InvalidDataException(null, 0, "image", "cannot resolve '" + name + "': " + e, e);
      }
    }
    return p;
  }

  /**
   * Resolves and checks an image: it must exist, be at most the size limit and be an image by
   * content.
   *
   * @throws InvalidDataException naming the image and the rule it breaks
   */
  public ImageRef resolve(String name) {
    Path p = path(name);
    if (!Files.isRegularFile(p)) {
      throw new InvalidDataException(p.toString(), 0, null,
          "image '" + name + "' does not exist under " + root + "; download it or fix the name");
    }
    ImageRef ref = ImageRef.of(p);
    long size = ref.size();
    if (size > maxBytes) {
      throw new InvalidDataException(p.toString(), 0, null,
          "image is " + size + " bytes, over the limit of " + maxBytes
              + "; shrink it or raise the limit");
    }
    if (!ref.isImage()) {
      throw new InvalidDataException(p.toString(), 0, null,
          "file is not an image (no PNG, JPEG, GIF, WebP, BMP or TIFF signature)");
    }
    return ref;
  }

  @Override
  public String toString() {
    return "ImageRoot{" + root + "}";
  }
}
