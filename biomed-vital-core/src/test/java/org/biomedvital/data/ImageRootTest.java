package org.biomedvital.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.InvalidDataException;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ImageRootTest {
  @TempDir Path tmp;
  Path images;
  ImageRoot root;

  @BeforeEach
  void setUp() throws Exception {
    images = Files.createDirectories(tmp.resolve("images"));
    Files.copy(SharedData.image("synpic32933.jpg"), images.resolve("18063892_F3.jpg"));
    Files.createDirectories(images.resolve("sub"));
    Files.copy(SharedData.image("bio_patch.png"), images.resolve("sub/patch.jpg"));
    Files.writeString(images.resolve("readme.jpg"), "hello");
    Files.writeString(tmp.resolve("secret.txt"), "outside");
    root = ImageRoot.of(images);
  }

  @Test
  void resolvesARelativeImageName() {
    ImageRef ref = root.resolve("18063892_F3.jpg");

    assertThat(ref.file()).contains(images.resolve("18063892_F3.jpg").toAbsolutePath().normalize());
    assertThat(ref.mediaType()).isEqualTo("image/jpeg");
    assertThat(root.resolve("sub/patch.jpg").mediaType()).isEqualTo("image/png");
  }

  @Test
  void rejectsNamesThatEscapeTheFolder() {
    assertThatThrownBy(() -> root.resolve("../secret.txt"))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("'../secret.txt' escapes the image folder")
        .hasMessageContaining("image names must be relative paths inside it");
    assertThatThrownBy(() -> root.resolve("sub/../../secret.txt"))
        .isInstanceOf(InvalidDataException.class);
    assertThatThrownBy(() -> root.resolve(tmp.resolve("secret.txt").toAbsolutePath().toString()))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("escapes the image folder");
  }

  @Test
  void rejectsASymbolicLinkThatPointsOutside() throws Exception {
    Path link = images.resolve("link.jpg");
    try {
      Files.createSymbolicLink(link, tmp.resolve("secret.txt"));
    } catch (UnsupportedOperationException | java.io.IOException e) {
      assumeTrue(false, "needs a file system with symbolic links");
    }

    assertThatThrownBy(() -> root.resolve("link.jpg"))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("'link.jpg' links outside the image folder");
  }

  @Test
  void rejectsAnOversizeImage() {
    ImageRoot small = root.withMaxBytes(1000);

    assertThatThrownBy(() -> small.resolve("18063892_F3.jpg"))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("image is 69751 bytes, over the limit of 1000; shrink it or raise the limit");
  }

  @Test
  void rejectsAFileThatIsNotAnImageWhateverItsExtension() {
    assertThatThrownBy(() -> root.resolve("readme.jpg"))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("readme.jpg")
        .hasMessageContaining("file is not an image");
  }

  @Test
  void rejectsAMissingImageNamingHowToFixIt() {
    assertThatThrownBy(() -> root.resolve("nope.jpg"))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("image 'nope.jpg' does not exist under")
        .hasMessageContaining("download it or fix the name");
  }

  @Test
  void rejectsANonPositiveLimit() {
    assertThatThrownBy(() -> root.withMaxBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be > 0 but was 0");
  }
}
