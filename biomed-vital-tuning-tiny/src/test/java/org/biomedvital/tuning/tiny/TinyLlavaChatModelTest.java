package org.biomedvital.tuning.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.ImageRef;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TinyLlavaChatModelTest {
  private static final List<String> WORDS = List.of("the shape is red.", "it is a circle.",
      "what color is the shape in the image?");

  private static Path shared() {
    String p = System.getProperty("vital.shared.dir");
    return p != null ? Path.of(p) : Path.of("../shared");
  }

  @Test
  void answersAboutTheRealLlavaMedExampleImagesOfEveryFormat() {
    Path images = shared().resolve("data/images");
    assumeTrue(Files.isDirectory(images), "needs ../shared/data/images (the LLaVA-Med examples)");
    try (TinyLlavaModel m = TinyLlavaModel.create(TinyLlavaConfig.DEFAULT,
        TinyTokenizer.fit(WORDS, 100), 5)) {
      TinyLlavaChatModel chat = TinyLlavaChatModel.of(m);
      for (String name : List.of("bio_patch.png", "med_img_1.png", "synpic32933.jpg",
          "synpic42202.jpg", "xy_chromosome.jpg")) {
        ChatResponse r = chat.chat(ChatRequest.builder().maxTokens(5)
            .addMessage(ChatMessage.user("What color is the shape in the image?",
                ImageRef.of(images.resolve(name)))).build());

        assertThat(r.model()).isEqualTo("tiny-llava");
        assertThat(r.usage().outputTokens()).isBetween(0L, 5L);
        assertThat(r.usage().inputTokens()).isEqualTo(16 + 1 + 1 + 9 + 1);
        assertThat(r.finishReason()).isIn("stop", "length");
      }
    }
  }

  @Test
  void greedyDecodingIsDeterministicAndUsesTheHistory() {
    try (TinyLlavaModel m = TinyLlavaModel.create(TinyLlavaConfig.DEFAULT,
        TinyTokenizer.fit(WORDS, 100), 5)) {
      TinyLlavaChatModel chat = TinyLlavaChatModel.of(m);
      ChatRequest multi = ChatRequest.builder().addMessage(ChatMessage.system("ignored"))
          .addMessage(ChatMessage.user("What color is the shape in the image?"))
          .addMessage(ChatMessage.assistant("The shape is red."))
          .addMessage(ChatMessage.user("Which shape?")).maxTokens(4).build();

      ChatResponse a = chat.chat(multi);
      ChatResponse b = chat.chat(multi);

      assertThat(a).isEqualTo(b);
      assertThat(a.usage().inputTokens()).isGreaterThan(16 + 12);
      assertThatThrownBy(() -> chat.chat(ChatRequest.builder()
          .addMessage(ChatMessage.user("q")).addMessage(ChatMessage.assistant("a")).build()))
          .hasMessageContaining("must end with a user message");
    }
  }

  @Test
  void tokenizerRoundTripsUnknownWordsThroughCharacterPieces() {
    TinyTokenizer t = TinyTokenizer.fit(List.of("the shape is red."), 10);

    List<Integer> ids = t.encode("The shape is crimson, (mostly).");

    assertThat(t.decode(ids)).isEqualTo("the shape is crimson, (mostly).");
    assertThat(ids).hasSize(3 + 7 + 1 + 1 + 6 + 1 + 1);
  }

  @Test
  void loadingSomethingElseSaysWhatIsExpected(@TempDir Path dir) {
    assertThatThrownBy(() -> TinyLlavaChatModel.load(dir))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("holds no params.bin; point at a folder written by the tiny runner");
    assertThatThrownBy(() -> Providers.visionChatModel("tiny-llava", ProviderSettings.EMPTY))
        .hasMessageContaining("setting 'checkpoint' is required");
  }

  @Test
  void aCheckpointFileThatCannotBeReadIsAVitalIoException(@TempDir Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("vocab.json"));

    assertThatThrownBy(() -> TinyTokenizer.load(dir.resolve("vocab.json")))
        .isInstanceOf(org.biomedvital.VitalIoException.class)
        .hasMessageContaining("cannot read " + dir.resolve("vocab.json"));
    java.nio.file.Files.createDirectories(dir.resolve("config.json"));
    assertThatThrownBy(() -> TinyLlavaModel.readConfig(dir))
        .isInstanceOf(org.biomedvital.VitalIoException.class);
    assertThatThrownBy(() -> TinyTokenizer.load(dir.resolve("missing.json")))
        .isInstanceOf(InvalidDataException.class).hasMessageContaining("tiny-model checkpoint");
  }
}
