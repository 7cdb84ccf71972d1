package org.biomedvital.selection.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.spi.EmbedderProvider;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class HashingAndCachingEmbedderTest {
  @TempDir Path dir;

  @Test
  void hashingIsDeterministicUnitLengthAndSharesWords() {
    HashingEmbedder e = HashingEmbedder.create(128);

    float[] a = e.embed(EmbeddingInput.text("CT of the chest shows a nodule"));
    float[] b = e.embed(EmbeddingInput.text("ct of the chest shows a nodule!"));
    float[] c = e.embed(EmbeddingInput.text("histology slide stained with eosin"));

    assertThat(a).hasSize(128).containsExactly(HashingEmbedder.create(128)
        .embed(EmbeddingInput.text("CT of the chest shows a nodule")));
    assertThat(Vectors.dot(a, a)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(Vectors.dot(a, b)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(Vectors.dot(a, c)).isLessThan(0.5);
    assertThat(e.id()).isEqualTo("hashing-128");
  }

  @Test
  void cacheComputesEachInputOnceAndSurvivesAReopen() {
    AtomicInteger calls = new AtomicInteger();
    Embedder counting = new Embedder() {
      @Override
      public float[] embed(EmbeddingInput input) {
        calls.incrementAndGet();
        return HashingEmbedder.create(16).embed(input);
      }

      @Override
      public String id() {
        return "counting-16";
      }
    };
    List<EmbeddingInput> inputs = List.of(EmbeddingInput.text("one"), EmbeddingInput.text("two"),
        EmbeddingInput.text("one"));

    List<float[]> first;
    try (CachingEmbedder cache = CachingEmbedder.wrap(counting, dir)) {
      first = cache.embedAll(inputs);
      cache.embedAll(inputs);
      assertThat(cache.misses()).isEqualTo(2);
      assertThat(cache.hits()).isEqualTo(4);
    }
    try (CachingEmbedder reopened = CachingEmbedder.wrap(counting, dir)) {
      List<float[]> again = reopened.embedAll(inputs);

      assertThat(calls).hasValue(2);
      assertThat(reopened.size()).isEqualTo(2);
      for (int i = 0; i < 3; i++) {
        assertThat(again.get(i)).containsExactly(first.get(i));
      }
    }
  }

  @Test
  void cacheKeysDependOnTheEmbedderId() {
    try (CachingEmbedder a = CachingEmbedder.wrap(HashingEmbedder.create(8), dir);
        CachingEmbedder b = CachingEmbedder.wrap(HashingEmbedder.create(16), dir)) {
      assertThat(a.key(EmbeddingInput.text("x"))).isNotEqualTo(b.key(EmbeddingInput.text("x")));
      assertThat(b.embed(EmbeddingInput.text("x"))).hasSize(16);
    }
  }

  /** A cache folder holding one vector; returns its file. */
  private Path cacheFileWithOneVector() throws Exception {
    try (CachingEmbedder a = CachingEmbedder.wrap(HashingEmbedder.create(8), dir)) {
      a.embed(EmbeddingInput.text("x"));
    }
    Path file;
    try (var files = Files.list(dir)) {
      file = files.findFirst().orElseThrow();
    }
    return file;
  }

  @Test
  void aCorruptCacheFileIsReportedWithHowToFixIt() throws Exception {
    Path file = cacheFileWithOneVector();
    Files.writeString(file, "{\"key\":\"k\",\"dimension\":8,\"vector\":\"AAAA\"}\n");

    assertThatThrownBy(() -> CachingEmbedder.wrap(HashingEmbedder.create(8), dir))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("delete the file to rebuild it");
  }

  @Test
  void aCacheLineThatIsNotUtf8IsNamedByItsNumber() throws Exception {
    Path file = cacheFileWithOneVector();
    byte[] good = Files.readAllBytes(file);
    byte[] bad = {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'};
    byte[] both = java.util.Arrays.copyOf(good, good.length + bad.length);
    System.arraycopy(bad, 0, both, good.length, bad.length);
    Files.write(file, both);

    assertThatThrownBy(() -> CachingEmbedder.wrap(HashingEmbedder.create(8), dir))
        .isInstanceOf(org.biomedvital.InvalidDataException.class)
        .hasMessageContaining(file + ":2")
        .hasMessageContaining("UTF-8");
  }

  @Test
  void providersAreRegistered() {
    // minilm and onnx come from biomed-vital-selection-onnx, which this module does not depend on.
    assertThat(Providers.available(EmbedderProvider.class)).containsKey("hashing")
        .doesNotContainKeys("minilm", "onnx");
    assertThat(Providers.embedder("hashing", ProviderSettings.of("dimension", "32"))
        .embed(EmbeddingInput.text("x"))).hasSize(32);
  }

  @Test
  void cachedVectorsAreReadBackFromTheFileExactlyInThisRunAndTheNext() {
    HashingEmbedder h = HashingEmbedder.create(24);
    List<EmbeddingInput> in = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      in.add(EmbeddingInput.text("text \u00e9 number " + i + " ".repeat(i)));
    }
    try (CachingEmbedder c = CachingEmbedder.wrap(h, dir)) {
      c.embedAll(in.subList(0, 30));
      List<float[]> again = c.embedAll(in);
      for (int i = 0; i < in.size(); i++) {
        assertThat(again.get(i)).containsExactly(h.embed(in.get(i)));
      }
      assertThat(c.hits()).isEqualTo(30);
    }
    try (CachingEmbedder c = CachingEmbedder.wrap(h, dir)) {
      List<float[]> warm = c.embedAll(in);
      for (int i = 0; i < in.size(); i++) {
        assertThat(warm.get(i)).containsExactly(h.embed(in.get(i)));
      }
      assertThat(c.misses()).isZero();
      assertThat(c.size()).isEqualTo(60);
    }
  }
}
