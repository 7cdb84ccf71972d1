package org.biomedvital.tuning.tiny;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalIoException;
import org.biomedvital.internal.Json;
import org.biomedvital.io.AtomicFiles;

/**
 * A small word-level tokenizer with a character fallback, for the in-JVM tiny model.
 *
 * <p>Text is lower-cased and split into words ({@code [a-z0-9]+}) and single punctuation marks. A
 * word in the vocabulary is one token; any other word is spelled out as its first character
 * followed by {@code ##}-continuation characters, so every ASCII text round-trips (in lower
 * case). Characters outside the base alphabet become {@code <unk>}.
 *
 * <p>Immutable and thread-safe.
 */
final class TinyTokenizer {
  /** Padding. */
  public static final String PAD = "<pad>";
  /** Unknown character. */
  public static final String UNK = "<unk>";
  /** Start of a conversation. */
  public static final String BOS = "<bos>";
  /** End of an assistant turn. */
  public static final String EOS = "<eos>";
  /** Starts a human turn (LLaVA's {@code ### Human:}). */
  public static final String HUMAN = "<human>";
  /** Starts an assistant turn (LLaVA's {@code ### Assistant:}). */
  public static final String GPT = "<gpt>";

  private static final List<String> SPECIALS = List.of(PAD, UNK, BOS, EOS, HUMAN, GPT);
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789.,;:?!'\"()[]-/%+=<>*&";
  private static final Pattern PIECES = Pattern.compile("[a-z0-9]+|[^\\sa-z0-9]");
  private static final String NO_SPACE_BEFORE = ".,;:?!)]%'";

  private final List<String> tokens;
  private final Map<String, Integer> ids;

  private TinyTokenizer(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < this.tokens.size(); i++) {
      m.putIfAbsent(this.tokens.get(i), i);
    }
    this.ids = m;
  }

  /**
   * A tokenizer whose vocabulary holds the specials, the character pieces and the {@code maxWords}
   * most frequent words of {@code texts} (ties broken by first appearance).
   */
  public static TinyTokenizer fit(Collection<String> texts, int maxWords) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String t : texts) {
      for (String w : words(t)) {
        if (w.length() > 1) {
          counts.merge(w, 1, Integer::sum);
        }
      }
    }
    List<String> vocab = new ArrayList<>(baseTokens());
    counts.entrySet().stream()
        .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
        .limit(maxWords)
        .forEach(e -> vocab.add(e.getKey()));
    return new TinyTokenizer(vocab);
  }

  private static List<String> baseTokens() {
    List<String> base = new ArrayList<>(SPECIALS);
    for (char c : ALPHABET.toCharArray()) {
      base.add(String.valueOf(c));
    }
    for (char c : ALPHABET.toCharArray()) {
      base.add("##" + c);
    }
    return base;
  }

  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = PIECES.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** The vocabulary size. */
  public int size() {
    return tokens.size();
  }

  /** The id of a special or vocabulary token. @throws IllegalArgumentException when unknown */
  public int id(String token) {
    Integer id = ids.get(token);
    if (id == null) {
      throw new IllegalArgumentException("token '" + token + "' is not in the vocabulary");
    }
    return id;
  }

  /** The token of an id. */
  public String token(int id) {
    return tokens.get(id);
  }

  /** The ids of a text (no specials added). */
  public List<Integer> encode(String text) {
    List<Integer> out = new ArrayList<>();
    int unk = id(UNK);
    for (String w : words(text)) {
      Integer id = ids.get(w);
      if (id != null) {
        out.add(id);
        continue;
      }
      for (int i = 0; i < w.length(); i++) {
        String piece = (i == 0 ? "" : "##") + w.charAt(i);
        out.add(ids.getOrDefault(piece, unk));
      }
    }
    return out;
  }

  /** The text of ids: words joined by spaces, punctuation attached, specials dropped. */
  public String decode(List<Integer> idList) {
    StringBuilder sb = new StringBuilder();
    for (int id : idList) {
      String t = tokens.get(id);
      if (SPECIALS.contains(t)) {
        continue;
      }
      if (t.startsWith("##")) {
        sb.append(t, 2, t.length());
        continue;
      }
      boolean attach = sb.length() == 0 || (t.length() == 1 && NO_SPACE_BEFORE.indexOf(t.charAt(0)) >= 0)
          || sb.charAt(sb.length() - 1) == '(';
      if (!attach) {
        sb.append(' ');
      }
      sb.append(t);
    }
    return sb.toString();
  }

  /** Saves the vocabulary as {@code {"tokens": [...]}}, atomically. */
  public void save(Path file) {
    ObjectNode n = Json.mapper().createObjectNode();
    ArrayNode a = n.putArray("tokens");
    tokens.forEach(a::add);
    AtomicFiles.writeString(file, n.toString());
  }

  /**
   * Loads a vocabulary saved by {@link #save}.
   *
   * @throws InvalidDataException when the file is missing or not a saved vocabulary
   */
  public static TinyTokenizer load(Path file) {
    try {
      JsonNode n = Json.mapper().readTree(Files.readString(file));
      JsonNode a = n == null ? null : n.get("tokens");
      if (a == null || !a.isArray()) {
        throw new InvalidDataException(file.toString(), 0, "tokens",
            "must be an array of strings; the file is not a tiny-model vocabulary");
      }
      List<String> out = new ArrayList<>();
      a.forEach(t -> out.add(t.asText()));
      if (!out.subList(0, SPECIALS.size()).equals(SPECIALS)) {
        throw new InvalidDataException(file.toString(), 0, "tokens",
            "must start with " + SPECIALS + "; the file is not a tiny-model vocabulary");
      }
      return new TinyTokenizer(out);
    } catch (NoSuchFileException | JacksonException | CharacterCodingException e) {
      throw new InvalidDataException(file.toString(), 0, null,
          "cannot read the vocabulary: " + e.getMessage() + "; is this a tiny-model checkpoint?", e);
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TinyTokenizer && ((TinyTokenizer) o).tokens.equals(tokens);
  }

  @Override
  public int hashCode() {
    return tokens.hashCode();
  }

  @Override
  public String toString() {
    return "TinyTokenizer{" + tokens.size() + " tokens}";
  }
}
