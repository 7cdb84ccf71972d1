package org.biomedvital.selection.preference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.PreferencePair;
import org.biomedvital.data.PreferenceSource;
import org.biomedvital.format.Samples;
import org.biomedvital.internal.Json;
import org.biomedvital.journal.Journal;
import org.biomedvital.selection.PreferenceDataset;

/**
 * The preference-pair JSONL codec (the {@code vital} format): one pair a line, keyed by its id,
 * with both candidates embedded.
 *
 * <pre>
 * {"id": "...", "split": "train", "source": "clinician", "annotator_id": "dr-a", "weight": 100.0,
 *  "attributes": {"role": "radiologist", "time": "2024-05-01T10:00:00Z", "confidence": "4",
 *                 "rationale": "..."},
 *  "chosen": {...candidate...}, "rejected": {...candidate...}}
 * </pre>
 *
 * The {@code split} is {@code train} or {@code validation} ({@code test} is read as validation),
 * the same as the pipeline's own pair files. Written through {@link Journal}: a rerun with the same inputs adds nothing twice, and a killed
 * run leaves only whole lines.
 */
public final class PreferencePairs {
  private PreferencePairs() {}

  /** One pair as a JSON line. */
  public static String toJson(PreferencePair p, Split split) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("id", p.id());
    n.put("split", split.wireName());
    n.put("source", p.source().name().toLowerCase(Locale.ROOT));
    n.put("annotator_id", p.annotatorId());
    n.put("weight", p.weight());
    ObjectNode a = n.putObject("attributes");
    new java.util.TreeMap<>(p.attributes()).forEach(a::put);
    n.set("chosen", Samples.toNode(p.chosen()));
    n.set("rejected", Samples.toNode(p.rejected()));
    return n.toString();
  }

  /**
   * Parses one pair line; its split is {@code train} when the field is absent.
   *
   * @throws InvalidDataException naming source, line and field
   */
  public static Map.Entry<Split, PreferencePair> fromJson(String json, String source, long line) {
    JsonNode n = JsonLines.object(json, source, line);
    Split split = n.has("split") ? Split.parse(n.path("split").asText()) : Split.TRAIN;
    if (split == null) {
      throw new InvalidDataException(source, line, "split",
          "must be 'train' or 'validation' (or 'test') but is " + n.get("split"));
    }
    PreferenceSource src;
    String s = n.path("source").asText("");
    if (s.equalsIgnoreCase("clinician") || s.equalsIgnoreCase("human")) {
      src = PreferenceSource.CLINICIAN;
    } else if (s.equalsIgnoreCase("model")) {
      src = PreferenceSource.MODEL;
    } else {
      throw new InvalidDataException(source, line, "source",
          "must be 'clinician' or 'model' but is '" + s + "'");
    }
    for (String f : new String[] {"chosen", "rejected"}) {
      if (!n.path(f).isObject()) {
        throw new InvalidDataException(source, line, f, "is required: the candidate as an object");
      }
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    n.path("attributes").properties().forEach(e -> attrs.put(e.getKey(), e.getValue().asText()));
    try {
      PreferencePair p = new PreferencePair(n.path("id").asText(""),
          Samples.fromNode(n.get("chosen"), source, line),
          Samples.fromNode(n.get("rejected"), source, line), src,
          n.path("annotator_id").asText(""), n.path("weight").asDouble(1.0), attrs);
      return Map.entry(split, p);
    } catch (IllegalArgumentException e) {
      throw new InvalidDataException(source, line, null, e.getMessage(), e);
    }
  }

  /**
   * Streams the pairs of a file with their split (bounded memory).
   *
   * @throws InvalidDataException at the first bad line
   */
  public static void forEach(Path file, BiConsumer<Split, PreferencePair> consumer) {
    String source = file.toString();
    JsonLines.forEach(file, (text, line) -> {
      Map.Entry<Split, PreferencePair> e = fromJson(text, source, line);
      consumer.accept(e.getKey(), e.getValue());
    });
  }

  /** Every pair of a file, regardless of split, in file order. */
  public static List<PreferencePair> readAll(Path file) {
    List<PreferencePair> out = new ArrayList<>();
    forEach(file, (s, p) -> out.add(p));
    return out;
  }

  /** A file's pairs as a dataset: {@code train} lines train, {@code validation} (or {@code test}) lines validate. */
  public static PreferenceDataset readDataset(Path file) {
    List<PreferencePair> train = new ArrayList<>();
    List<PreferencePair> test = new ArrayList<>();
    forEach(file, (s, p) -> (s == Split.TRAIN ? train : test).add(p));
    return new PreferenceDataset(train, test);
  }

  /**
   * Appends a dataset to a pairs journal (train pairs, then test pairs); pairs whose id is already
   * there are skipped.
   *
   * @return the number of pairs written
   */
  public static int write(Path file, PreferenceDataset dataset) {
    int written = 0;
    try (Journal j = Journal.open(file)) {
      written += append(j, dataset.train(), Split.TRAIN);
      written += append(j, dataset.validation(), Split.VALIDATION);
    }
    return written;
  }

  /** Appends pairs with one split to an open journal; returns how many were new. */
  public static int append(Journal journal, List<PreferencePair> pairs, Split split) {
    int written = 0;
    for (PreferencePair p : pairs) {
      if (journal.append(p.id(), toJson(p, split))) {
        written++;
      }
    }
    return written;
  }
}
