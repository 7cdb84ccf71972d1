package org.biomedvital.selection.clinical;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.biomedvital.InvalidDataException;
import org.biomedvital.selection.internal.ResourceText;

/**
 * The words the {@link ClinicalFactExtractor} knows, as data. The built-in lexicon is the resource
 * {@value #BUILT_IN}; a user extends it with files of the same format ({@link #extendedWith}).
 *
 * <h2>Format</h2>
 * One entry a line, three tab-separated fields: {@code CATEGORY VALUE PHRASE | PHRASE | ...}.
 * Blank lines and lines starting with {@code #} are ignored. Phrases match case-insensitively on
 * word tokens (runs of letters and digits; every other character separates words, so
 * {@code x-ray}, {@code X ray} and {@code xray}... are tokenised alike except the last, which is one
 * word). At each position the longest phrase wins. The categories are those of {@link Category};
 * their values:
 *
 * <ul>
 *   <li>{@code modality}: a canonical name; {@code family:member} (e.g. {@code mri:t2},
 *       {@code histology:he}) is a sequence or stain that agrees with its family;
 *   <li>{@code laterality}: {@code left}, {@code right} or {@code bilateral};
 *   <li>{@code plane}, {@code anatomy}: a canonical name;
 *   <li>{@code negation-pre}, {@code negation-post}, {@code uncertainty-pre},
 *       {@code uncertainty-post}, {@code pseudo}, {@code termination}: any word (unused);
 *   <li>{@code direction}: {@code AXIS:up} or {@code AXIS:down};
 *   <li>{@code unit}: {@code KIND:FACTOR}, the factor to the kind's base unit (mm for length);
 *   <li>{@code count}: the number the phrase stands for, or {@code many};
 *   <li>{@code scale}: {@code AXIS:up} or {@code AXIS:down}, what more of the quantity means on the
 *       axis ({@code lucency}: {@code density:down}).
 * </ul>
 *
 * <pre>{@code
 * # my-lexicon.tsv
 * modality	ct	ct scan | dual energy ct
 * anatomy	kidney	nephric
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ClinicalLexicon {
  /** The class-path resource of the built-in lexicon. */
  public static final String BUILT_IN = "clinical-lexicon.tsv";

  /** The lexicon's categories, with their names in the file. */
  public enum Category {
    /** Imaging modality, MRI sequence, stain or specimen kind. */
    MODALITY("modality"),
    /** Side of the body. */
    LATERALITY("laterality"),
    /** Anatomical plane or radiographic view. */
    PLANE("plane"),
    /** Anatomical structure. */
    ANATOMY("anatomy"),
    /** Negation trigger with a forward scope. */
    NEGATION_PRE("negation-pre"),
    /** Negation trigger with a backward scope. */
    NEGATION_POST("negation-post"),
    /** Hedge with a forward scope. */
    UNCERTAINTY_PRE("uncertainty-pre"),
    /** Hedge with a backward scope. */
    UNCERTAINTY_POST("uncertainty-post"),
    /** Phrase that holds a trigger word but neither negates nor hedges. */
    PSEUDO("pseudo"),
    /** Word that ends a trigger's scope. */
    TERMINATION("termination"),
    /** Direction word on an axis ({@code AXIS:up|down}). */
    DIRECTION("direction"),
    /** Unit of a measurement ({@code KIND:FACTOR}). */
    UNIT("unit"),
    /** Count word. */
    COUNT("count"),
    /**
     * A quantity with an axis ({@code AXIS:up|down}): what more of it means ("lucency": more of it is
     * {@code density:down}); an amount word before it moves that axis ("increased lucency").
     */
    SCALE("scale");

    private final String wireName;

    Category(String wireName) {
      this.wireName = wireName;
    }

    /** The name in lexicon files. */
    public String wireName() {
      return wireName;
    }

    static Category parse(String name, String source, long line) {
      for (Category c : values()) {
        if (c.wireName.equals(name)) {
          return c;
        }
      }
      List<String> names = new ArrayList<>();
      for (Category c : values()) {
        names.add(c.wireName);
      }
      throw new InvalidDataException(source, line, "category",
          "unknown category '" + name + "'; use one of " + names);
    }
  }

  /** One phrase of the lexicon: its category, value and tokens. */
  record Entry(Category category, String value, List<String> tokens) {}

  private final Map<List<String>, List<Entry>> byTokens;
  private final Map<String, List<Entry>> byFirst;
  private final int entries;

  private ClinicalLexicon(List<Entry> all) {
    Map<List<String>, List<Entry>> map = new LinkedHashMap<>();
    Map<String, List<Entry>> first = new HashMap<>();
    for (Entry e : all) {
      List<Entry> same = map.computeIfAbsent(e.tokens(), k -> new ArrayList<>());
      if (!same.contains(e)) {
        same.add(e);
        first.computeIfAbsent(e.tokens().get(0), k -> new ArrayList<>()).add(e);
      }
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    first.replaceAll((k, v) -> {
      List<Entry> sorted = new ArrayList<>(v);
      sorted.sort((a, b) -> Integer.compare(b.tokens().size(), a.tokens().size()));
      return List.copyOf(sorted);
    });
    this.byTokens = Collections.unmodifiableMap(map);
    this.byFirst = Collections.unmodifiableMap(first);
    int n = 0;
    for (List<Entry> v : map.values()) {
      n += v.size();
    }
    this.entries = n;
  }

  /** The built-in lexicon (resource {@value #BUILT_IN}). */
  public static ClinicalLexicon builtIn() {
    return BuiltIn.INSTANCE;
  }

  private static final class BuiltIn {
    static final ClinicalLexicon INSTANCE = readResource();

    private static ClinicalLexicon readResource() {
      return parse(ResourceText.read(ClinicalLexicon.class, BUILT_IN), BUILT_IN);
    }
  }

  /**
   * Reads a lexicon file.
   *
   * @throws InvalidDataException naming the file and line of a malformed entry, or a missing file
   */
  public static ClinicalLexicon load(Path file) {
    Objects.requireNonNull(file, "file == null");
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(file.toString(), 0, null,
          "lexicon file does not exist; give the path of a file in the clinical lexicon format", e);
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), 0, null, "cannot read the lexicon: " + e.getMessage(), e);
    }
  }

  /**
   * Parses lexicon text.
   *
   * @param source where the text came from, for error messages
   * @throws InvalidDataException naming {@code source} and the line of a malformed entry
   */
  public static ClinicalLexicon parse(String text, String source) {
    List<Entry> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = lines[i].split("\t");
      if (f.length != 3) {
        throw new InvalidDataException(source, i + 1, null, "expected 3 tab-separated fields"
            + " (category, value, phrases separated by |) but found " + f.length);
      }
      Category c = Category.parse(f[0].strip(), source, i + 1);
      String value = f[1].strip().toLowerCase(Locale.ROOT);
      checkValue(c, value, source, i + 1);
      for (String phrase : f[2].split("\\|")) {
        List<String> tokens = Tokens.words(phrase);
        if (tokens.isEmpty()) {
          throw new InvalidDataException(source, i + 1, "phrases",
              "empty phrase in '" + f[2].strip() + "'; separate phrases with a single |");
        }
        out.add(new Entry(c, value, List.copyOf(tokens)));
      }
    }
    return new ClinicalLexicon(out);
  }

  private static void checkValue(Category c, String value, String source, long line) {
    boolean ok;
    switch (c) {
      case LATERALITY:
        ok = Set.of("left", "right", "bilateral").contains(value);
        break;
      case DIRECTION:
        ok = value.matches("[a-z-]+:(up|down)(:named)?");
        break;
      case SCALE:
        ok = value.matches("[a-z-]+:(up|down)");
        break;
      case UNIT:
        ok = value.matches("[a-z-]+:[0-9.]+(e-?[0-9]+)?");
        break;
      case COUNT:
        ok = value.equals("many") || value.matches("[0-9]+");
        break;
      default:
        ok = !value.isEmpty();
    }
    if (!ok) {
      throw new InvalidDataException(source, line, "value", "value '" + value + "' is not valid for category "
          + c.wireName() + " (laterality: left|right|bilateral; direction: AXIS:up|down or AXIS:up|down:named;"
          + " scale: AXIS:up|down; unit: KIND:FACTOR;"
          + " count: a number or many)");
    }
  }

  /** This lexicon with the entries of {@code other} added. */
  public ClinicalLexicon extendedWith(ClinicalLexicon other) {
    List<Entry> all = new ArrayList<>();
    byTokens.values().forEach(all::addAll);
    other.byTokens.values().forEach(all::addAll);
    return new ClinicalLexicon(all);
  }

  /** The number of (category, value, phrase) entries. */
  public int size() {
    return entries;
  }

  /** The values of {@code category} that {@code phrase} has (empty when none). */
  public List<String> valuesOf(Category category, String phrase) {
    List<String> out = new ArrayList<>();
    for (Entry e : byTokens.getOrDefault(Tokens.words(phrase), List.of())) {
      if (e.category() == category) {
        out.add(e.value());
      }
    }
    return out;
  }

  /** Entries whose phrase starts with {@code token}, longest first. */
  List<Entry> startingWith(String token) {
    return byFirst.getOrDefault(token, List.of());
  }

  /** Every phrase of a category, as token lists. */
  List<Entry> entries(Category category) {
    List<Entry> out = new ArrayList<>();
    for (List<Entry> v : byTokens.values()) {
      for (Entry e : v) {
        if (e.category() == category) {
          out.add(e);
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "ClinicalLexicon{" + entries + " entries}";
  }
}
