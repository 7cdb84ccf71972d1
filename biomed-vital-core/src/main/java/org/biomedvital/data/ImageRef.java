package org.biomedvital.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Hashing;

/**
 * An image: a file, a {@code file:} or {@code data:} URI, or bytes in memory.
 *
 * <p>The media type is sniffed from the content (magic numbers), never from the file extension: a
 * PNG named {@code .jpg}, as PMC figures often are, is reported as {@code image/png}. The content
 * SHA-256, used for cache keys and lineage, is computed once, on first use. Instances are immutable
 * and thread-safe; the file is read on demand and not kept in memory.
 */
public final class ImageRef {
  /** The media type reported for content that is not a recognised image format. */
  public static final String UNKNOWN_MEDIA_TYPE = "application/octet-stream";

  private final Path file;
  private final URI uri;
  private final byte[] bytes;
  private volatile String sha256;
  private volatile String mediaType;

  private ImageRef(Path file, URI uri, byte[] bytes) {
    this.file = file;
    this.uri = uri;
    this.bytes = bytes;
  }

  /** An image stored in a file (read lazily). */
  public static ImageRef of(Path file) {
    return new ImageRef(Objects.requireNonNull(file, "file == null"), null, null);
  }

  /** An image at a {@code file:} or {@code data:} URI; other schemes cannot be read. */
  public static ImageRef of(URI uri) {
    Objects.requireNonNull(uri, "uri == null");
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      return of(Path.of(uri));
    }
    return new ImageRef(null, uri, null);
  }

  /** An image held in memory; the array is copied. */
  public static ImageRef of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes == null");
    return new ImageRef(null, null, bytes.clone());
  }

  /** The file, when this image is one. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The URI of this image ({@code file:} for files; empty for in-memory bytes). */
  public Optional<URI> uri() {
    if (file != null) {
      return Optional.of(file.toUri());
    }
    return Optional.ofNullable(uri);
  }

  /**
   * The image content.
   *
   * @throws InvalidDataException when the file is missing or unreadable, or the URI scheme cannot be
   *     read (only {@code file:} and {@code data:} can)
   */
  public byte[] bytes() {
    if (bytes != null) {
      return bytes.clone();
    }
    if (file != null) {
      try {
        return Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new InvalidDataException(
            file.toString(), 0, null, "image file does not exist; check the image folder", e);
      } catch (IOException e) {
        throw new InvalidDataException(file.toString(), 0, null, "cannot read image: " + e, e);
      }
    }
    String s = uri.toString();
    if (s.startsWith("data:")) {
      int comma = s.indexOf(',');
      if (comma < 0 || !s.substring(0, comma).endsWith(";base64")) {
        throw new InvalidDataException(
            "data URI", 0, null, "expected 'data:<type>;base64,<content>'");
      }
      try {
        return Base64.getDecoder().decode(s.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        throw new InvalidDataException("data URI", 0, null, "base64 content is invalid", e);
      }
    }
    throw new InvalidDataException(
        uri.getScheme() + " URI", 0, null,
        "images can be read from files and data: URIs only; download the image first");
  }

  /** The size in bytes (a file is not read to know it). */
  public long size() {
    if (bytes != null) {
      return bytes.length;
    }
    if (file != null) {
      try {
        return Files.size(file);
      } catch (IOException e) {
        throw new InvalidDataException(file.toString(), 0, null, "cannot read image: " + e, e);
      }
    }
    return bytes().length;
  }

  /** The lower-case hex SHA-256 of the content, computed once. */
  public String sha256() {
    String h = sha256;
    if (h == null) {
      h = file != null && bytes == null ? Hashing.sha256Hex(checkedFile()) : Hashing.sha256Hex(bytes());
      sha256 = h;
    }
    return h;
  }

  private Path checkedFile() {
    if (!Files.isRegularFile(file)) {
      throw new InvalidDataException(
          file.toString(), 0, null, "image file does not exist; check the image folder");
    }
    return file;
  }

  /**
   * The media type sniffed from the first bytes: {@code image/png}, {@code image/jpeg},
   * {@code image/gif}, {@code image/webp}, {@code image/bmp}, {@code image/tiff}, or {@link
   * #UNKNOWN_MEDIA_TYPE}.
   */
  public String mediaType() {
    String m = mediaType;
    if (m == null) {
      m = sniff(head(16));
      mediaType = m;
    }
    return m;
  }

  /** Whether the content is a recognised image format. */
  public boolean isImage() {
    return !UNKNOWN_MEDIA_TYPE.equals(mediaType());
  }

  /**
   * A {@code data:} URL of the content with its sniffed media type, for chat requests.
   *
   * @throws InvalidDataException when the image is over the {@linkplain ImageLimits pixel limit}
   */
  public String toDataUrl() {
    ImageLimits.check(this, null);
    return "data:" + mediaType() + ";base64," + Base64.getEncoder().encodeToString(bytes());
  }

  private byte[] head(int n) {
    if (file != null && bytes == null) {
      try (InputStream in = Files.newInputStream(checkedFile())) {
        return in.readNBytes(n);
      } catch (IOException e) {
        throw new InvalidDataException(file.toString(), 0, null, "cannot read image: " + e, e);
      }
    }
    byte[] all = bytes();
    return Arrays.copyOf(all, Math.min(n, all.length));
  }

  /** The media type of content starting with {@code head}; see {@link #mediaType()}. */
  public static String sniff(byte[] head) {
    if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "image/png";
    }
    if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (startsWith(head, 'G', 'I', 'F', '8')) {
      return "image/gif";
    }
    if (startsWith(head, 'R', 'I', 'F', 'F') && head.length >= 12
        && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
      return "image/webp";
    }
    if (startsWith(head, 'B', 'M')) {
      return "image/bmp";
    }
    if (startsWith(head, 'I', 'I', 0x2A, 0x00) || startsWith(head, 'M', 'M', 0x00, 0x2A)) {
      return "image/tiff";
    }
    return UNKNOWN_MEDIA_TYPE;
  }

  private static boolean startsWith(byte[] head, int... magic) {
    if (head.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ImageRef)) {
      return false;
    }
    ImageRef other = (ImageRef) o;
    return Objects.equals(file, other.file)
        && Objects.equals(uri, other.uri)
        && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, uri, Arrays.hashCode(bytes));
  }

  @Override
  public String toString() {
    if (file != null) {
      return "ImageRef{" + file + "}";
    }
    if (uri != null) {
      String s = uri.toString();
      return "ImageRef{" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "}";
    }
    return "ImageRef{" + bytes.length + " bytes}";
  }
}
