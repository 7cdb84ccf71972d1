package org.biomedvital.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.InvalidDataException;
import org.biomedvital.internal.Hashing;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ImageRefTest {
  @TempDir Path tmp;

  @Test
  void sniffsTheMediaTypeOfTheRealImagesFromTheirContent() {
    assertThat(ImageRef.of(SharedData.image("bio_patch.png")).mediaType()).isEqualTo("image/png");
    assertThat(ImageRef.of(SharedData.image("med_img_1.png")).mediaType()).isEqualTo("image/png");
    assertThat(ImageRef.of(SharedData.image("synpic32933.jpg")).mediaType()).isEqualTo("image/jpeg");
    assertThat(ImageRef.of(SharedData.image("xy_chromosome.jpg")).mediaType())
        .isEqualTo("image/jpeg");
  }

  @Test
  void ignoresAMisleadingExtension() throws Exception {
    Path pngNamedJpg = tmp.resolve("figure.jpg");
    Files.copy(SharedData.image("bio_patch.png"), pngNamedJpg);
    Path jpegNamedPng = tmp.resolve("figure.png");
    Files.copy(SharedData.image("synpic42202.jpg"), jpegNamedPng);
    Path textNamedPng = tmp.resolve("notes.png");
    Files.writeString(textNamedPng, "not an image at all");

    assertThat(ImageRef.of(pngNamedJpg).mediaType()).isEqualTo("image/png");
    assertThat(ImageRef.of(jpegNamedPng).mediaType()).isEqualTo("image/jpeg");
    assertThat(ImageRef.of(textNamedPng).mediaType()).isEqualTo(ImageRef.UNKNOWN_MEDIA_TYPE);
    assertThat(ImageRef.of(textNamedPng).isImage()).isFalse();
  }

  @Test
  void sniffsEverySupportedSignature() {
    assertThat(ImageRef.sniff(new byte[] {'G', 'I', 'F', '8', '9', 'a'})).isEqualTo("image/gif");
    assertThat(ImageRef.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
        .isEqualTo("image/webp");
    assertThat(ImageRef.sniff(new byte[] {'B', 'M', 0, 0})).isEqualTo("image/bmp");
    assertThat(ImageRef.sniff(new byte[] {'I', 'I', 0x2A, 0})).isEqualTo("image/tiff");
    assertThat(ImageRef.sniff(new byte[] {'M', 'M', 0, 0x2A})).isEqualTo("image/tiff");
    assertThat(ImageRef.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEqualTo(ImageRef.UNKNOWN_MEDIA_TYPE);
    assertThat(ImageRef.sniff(new byte[0])).isEqualTo(ImageRef.UNKNOWN_MEDIA_TYPE);
  }

  @Test
  void computesTheSha256LazilyAndOnlyOnce() throws Exception {
    Path file = tmp.resolve("later.png");
    ImageRef ref = ImageRef.of(file);
    Files.copy(SharedData.image("bio_patch.png"), file);
    String expected = Hashing.sha256Hex(Files.readAllBytes(file));

    String first = ref.sha256();
    Files.write(file, new byte[] {1, 2, 3});
    String second = ref.sha256();

    assertThat(first).isEqualTo(expected).hasSize(64);
    assertThat(second).isSameAs(first);
  }

  @Test
  void hashesInMemoryBytesAndCopiesThem() {
    byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2};
    ImageRef ref = ImageRef.of(bytes);
    bytes[9] = 99;

    assertThat(ref.bytes()[9]).isEqualTo((byte) 2);
    assertThat(ref.size()).isEqualTo(10);
    assertThat(ref.mediaType()).isEqualTo("image/png");
    assertThat(ref.sha256()).isEqualTo(Hashing.sha256Hex(ref.bytes()));
  }

  @Test
  void roundTripsThroughADataUrl() {
    ImageRef file = ImageRef.of(SharedData.image("xy_chromosome.jpg"));

    String url = file.toDataUrl();
    ImageRef fromUrl = ImageRef.of(URI.create(url));

    assertThat(url).startsWith("data:image/jpeg;base64,");
    assertThat(fromUrl.bytes()).isEqualTo(file.bytes());
    assertThat(fromUrl.sha256()).isEqualTo(file.sha256());
  }

  @Test
  void refusesToDownloadRemoteImages() {
    ImageRef remote = ImageRef.of(URI.create("https://example.org/a.png?sig=secret"));

    assertThatThrownBy(remote::bytes)
        .isInstanceOf(InvalidDataException.class)
        .hasMessage("https URI: images can be read from files and data: URIs only; download the image first");
  }

  @Test
  void reportsAMissingFileWhenFirstRead() {
    ImageRef missing = ImageRef.of(tmp.resolve("missing.jpg"));

    assertThatThrownBy(missing::mediaType)
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("missing.jpg")
        .hasMessageContaining("does not exist");
  }

  @Test
  void fileUrisBecomeFiles() {
    Path p = tmp.resolve("x.png");

    assertThat(ImageRef.of(p.toUri())).isEqualTo(ImageRef.of(p));
    assertThat(ImageRef.of(p).uri()).contains(p.toUri());
  }
}
