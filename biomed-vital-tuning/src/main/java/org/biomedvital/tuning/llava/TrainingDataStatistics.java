package org.biomedvital.tuning.llava;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Domain;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.QaPair;
import org.biomedvital.internal.Json;

/**
 * Counts over a LLaVA training set: records, turns, images, {@code <image>} placement, domains and
 * text lengths.
 *
 * @param records the records
 * @param turns all turns
 * @param qaPairs the complete question/answer pairs
 * @param distinctImages distinct image names
 * @param missingImages records whose image file is absent (0 when no folder was checked)
 * @param imageTokenPrefix records whose first turn starts with {@code <image>}
 * @param imageTokenSuffix records whose first turn ends with {@code <image>}
 * @param withoutSingleImageToken records that do not hold exactly one {@code <image>}
 * @param domains records per domain flag
 * @param meanQuestionWords mean words per question
 * @param meanAnswerWords mean words per answer
 */
public record TrainingDataStatistics(
    int records, int turns, int qaPairs, int distinctImages, int missingImages,
    int imageTokenPrefix, int imageTokenSuffix, int withoutSingleImageToken,
    Map<Domain, Integer> domains, double meanQuestionWords, double meanAnswerWords) {

  /** Copies. */
  public TrainingDataStatistics {
    domains = Map.copyOf(domains);
  }

  /** The statistics of {@code samples}; image files are looked up under {@code imageFolder} when not null. */
  public static TrainingDataStatistics of(List<InstructionSample> samples, Path imageFolder) {
    int turns = 0;
    int pairs = 0;
    int missing = 0;
    int prefix = 0;
    int suffix = 0;
    int notSingle = 0;
    long qWords = 0;
    long aWords = 0;
    Set<String> images = new HashSet<>();
    Map<Domain, Integer> domains = new EnumMap<>(Domain.class);
    for (InstructionSample s : samples) {
      Conversation c = s.conversation();
      turns += c.size();
      for (QaPair p : c.pairs()) {
        pairs++;
        qWords += words(p.question().replace(Conversation.IMAGE_TOKEN, ""));
        aWords += words(p.answer());
      }
      if (images.add(s.image()) && imageFolder != null
          && !Files.isRegularFile(imageFolder.resolve(s.image()))) {
        missing++;
      }
      String first = c.turns().get(0).text().trim();
      if (!LlavaJson.hasOneImageTokenInFirstTurn(c)) {
        notSingle++;
      } else if (first.startsWith(Conversation.IMAGE_TOKEN)) {
        prefix++;
      } else if (first.endsWith(Conversation.IMAGE_TOKEN)) {
        suffix++;
      }
      s.domains().forEach(d -> domains.merge(d, 1, Integer::sum));
    }
    return new TrainingDataStatistics(samples.size(), turns, pairs, images.size(), missing, prefix,
        suffix, notSingle, domains, pairs == 0 ? 0 : (double) qWords / pairs,
        pairs == 0 ? 0 : (double) aWords / pairs);
  }

  private static int words(String s) {
    String t = s.trim();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  /** As JSON. */
  public ObjectNode toJson() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("records", records);
    n.put("turns", turns);
    n.put("qa_pairs", qaPairs);
    n.put("distinct_images", distinctImages);
    n.put("missing_images", missingImages);
    n.put("image_token_prefix", imageTokenPrefix);
    n.put("image_token_suffix", imageTokenSuffix);
    n.put("without_single_image_token", withoutSingleImageToken);
    ObjectNode d = n.putObject("domains");
    for (Domain domain : Domain.WIRE_ORDER) {
      d.put(domain.wireName(), domains.getOrDefault(domain, 0));
    }
    n.put("mean_question_words", meanQuestionWords);
    n.put("mean_answer_words", meanAnswerWords);
    return n;
  }

  /** One human-readable line. */
  public String describe() {
    return String.format(Locale.ROOT,
        "%d records, %d turns (%d Q/A pairs, %.1f per record), %d images (%d missing), <image> "
            + "prefix %d / suffix %d / not exactly one %d, mean words: question %.1f, answer %.1f",
        records, turns, qaPairs, records == 0 ? 0.0 : (double) qaPairs / records, distinctImages,
        missingImages, imageTokenPrefix, imageTokenSuffix, withoutSingleImageToken,
        meanQuestionWords, meanAnswerWords);
  }
}
