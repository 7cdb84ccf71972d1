package org.biomedvital.format.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.file.Files;
import java.nio.file.Path;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image names that escape the image root, images over the size limit and files that are not images
 * are refused by {@link ImageRoot} with an {@link InvalidDataException} that says which rule broke;
 * arbitrary names never produce another exception type.
 */
final class ImageRootRejectionProperties {
  @TempDir Path dir;

  @Test
  void namesThatClimbOutOfTheRootAreRefused() throws Exception {
    Path root = Files.createDirectories(dir.resolve("images"));
    Files.writeString(dir.resolve("secret.txt"), "outside");
    ImageRoot images = ImageRoot.of(root);
    qt().withExamples(200).forAll(integers().between(1, 6), strings().basicLatinAlphabet()
        .ofLengthBetween(0, 12)).checkAssert((ups, tail) -> {
          String name = "a/" + "../".repeat(ups + 1) + tail.replace('\\', '_');
          assertThatThrownBy(() -> images.resolve(name)).isInstanceOf(InvalidDataException.class)
              .hasMessageContaining("image");
        });
    assertThatThrownBy(() -> images.path("../secret.txt")).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("escapes the image folder");
    assertThatThrownBy(() -> images.path(dir.resolve("secret.txt").toString()))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("escapes the image folder");
  }

  @Test
  void aSymbolicLinkOutOfTheRootIsRefused() throws Exception {
    Path root = Files.createDirectories(dir.resolve("images"));
    Path outside = Files.write(dir.resolve("outside.png"),
        Files.readAllBytes(SharedData.file("images/bio_patch.png")));
    Files.createSymbolicLink(root.resolve("link.png"), outside);
    assertThatThrownBy(() -> ImageRoot.of(root).resolve("link.png"))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("links outside");
  }

  @Test
  void oversizeImagesAndNonImagesAreRefusedAndRealImagesPass() throws Exception {
    Path root = Files.createDirectories(dir.resolve("images"));
    for (String real : new String[] {"bio_patch.png", "synpic32933.jpg", "xy_chromosome.jpg"}) {
      Files.copy(SharedData.file("images/" + real), root.resolve(real));
      assertThat(ImageRoot.of(root).resolve(real).size()).isPositive();
    }
    long jpegSize = Files.size(root.resolve("synpic32933.jpg"));
    assertThatThrownBy(() -> ImageRoot.of(root).withMaxBytes(jpegSize - 1).resolve("synpic32933.jpg"))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("over the limit of "
            + (jpegSize - 1));
    qt().withExamples(100).forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 64))
        .checkAssert(text -> {
          try {
            Path f = Files.writeString(root.resolve("fake.jpg"), "x" + text);
            assertThatThrownBy(() -> ImageRoot.of(root).resolve(f.getFileName().toString()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("not an image");
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    assertThatThrownBy(() -> ImageRoot.of(root).resolve("missing.png"))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("does not exist");
  }
}
