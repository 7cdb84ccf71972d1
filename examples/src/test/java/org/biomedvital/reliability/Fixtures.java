package org.biomedvital.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.format.Samples;

/** Small synthetic figures, images, demonstrations and candidates for the reliability tests. */
final class Fixtures {
  /** Every figure's caption carries its key, so the server can count requests per figure. */
  static final Pattern KEY = Pattern.compile("FIG[0-9]{4}");
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16,
    'J', 'F', 'I', 'F', 0};

  private Fixtures() {}

  static String key(int i) {
    return String.format(Locale.ROOT, "FIG%04d", i);
  }

  static String pairId(int i) {
    return key(i) + "_F1";
  }

  /** {@code n} figures in {@code dir/figures.jsonl}, their images in {@code dir/images}. */
  static Path figures(Path dir, int n) throws IOException {
    Path images = Files.createDirectories(dir.resolve("images"));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add("{\"pair_id\":\"" + pairId(i) + "\",\"fig_label\":\"Figure 1\",\"fig_caption\":"
          + "\"Axial CT of case " + key(i) + " showing a nodule (arrow) in the left lung.\","
          + "\"in_text_mention\":null,\"domain\":{\"ct_scan\":true}}");
      Files.write(images.resolve(pairId(i) + ".jpg"), JPEG);
    }
    return Files.write(dir.resolve("figures.jsonl"), lines);
  }

  /** One text-only demonstration (no key in it). */
  static Path demonstrations(Path dir) throws IOException {
    return Files.write(dir.resolve("demos.jsonl"), List.of("{\"id\":\"7\",\"pair_id\":\"9_F9\","
        + "\"fig_caption\":\"Chest X-ray.\",\"domain\":{\"chest_xray\":true},\"conversations\":"
        + "[{\"from\":\"human\",\"value\":\"What is shown?\"},{\"from\":\"gpt\",\"value\":"
        + "\"A chest radiograph.\"}]}"));
  }

  /** One candidate per figure in {@code dir/candidates.jsonl}. */
  static Path candidates(Path dir, int n) throws IOException {
    Files.createDirectories(dir.resolve("images"));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(Samples.toJson(InstructionSample.builder().id(pairId(i) + "#0").figureId(pairId(i))
          .image(pairId(i) + ".jpg").caption("Axial CT of case " + key(i) + " with a nodule.")
          .conversation(Conversation.of("What modality is this?", "An axial CT of the chest."))
          .build()));
      Files.write(dir.resolve("images").resolve(pairId(i) + ".jpg"), JPEG);
    }
    return Files.write(dir.resolve("candidates.jsonl"), lines);
  }

  static String keyOf(String body) {
    Matcher m = KEY.matcher(body);
    return m.find() ? m.group() : "?";
  }

  /** A generation reply in the User:/Assistant: text form, distinct per figure. */
  static String generationReply(String body) {
    String k = keyOf(body);
    return "User: What modality is shown in " + k + "?\nAssistant: An axial CT of the chest.\n\n"
        + "User: What is abnormal?\nAssistant: A nodule in the left upper lobe of " + k + ".";
  }

  /** A point-wise judge reply, its score fixed by the figure. */
  static String judgeReply(String body) {
    String k = keyOf(body);
    int score = Math.floorMod(k.hashCode(), 11);
    return "{\"score\": " + score + ", \"rationale\": \"grounded in " + k + "\"}";
  }
}
