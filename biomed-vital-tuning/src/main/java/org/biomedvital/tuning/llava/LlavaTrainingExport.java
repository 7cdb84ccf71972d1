package org.biomedvital.tuning.llava;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Figure;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Role;
import org.biomedvital.data.Turn;
import org.biomedvital.internal.Checks;

/**
 * Writes the training JSON the LLaVA code reads, from selected samples (stage 2) or from figure
 * captions (stage 1 alignment).
 *
 * <p>Every exported record holds exactly one {@code <image>} token, in its first human turn, as a
 * prefix or a suffix chosen 50/50 with a seeded random (LLaVA-Med's post-processing); a record that
 * already has exactly one there keeps it. Roles alternate starting with {@code human}, a trailing
 * unanswered question is dropped, the image name is relative to the image folder and the image file
 * must exist there (or the record is skipped when {@link Builder#skipMissingImages} is set).
 *
 * <pre>{@code
 * TrainingDataStatistics stats = LlavaTrainingExport.builder().imageFolder(images).seed(7).build()
 *     .exportInstructions(selected, out.resolve("train.json"));
 * }</pre>
 */
public final class LlavaTrainingExport {
  /** The seed of the {@code <image>} placement and instruction draws unless set. */
  public static final long DEFAULT_SEED = 42;
  /** The share of detailed alignment instructions unless set. */
  public static final double DEFAULT_DETAILED_FRACTION = 0;

  private final Path imageFolder;
  private final long seed;
  private final boolean skipMissingImages;
  private final double detailedFraction;

  private LlavaTrainingExport(Builder b) {
    this.imageFolder = b.imageFolder;
    this.seed = b.seed;
    this.skipMissingImages = b.skipMissingImages;
    this.detailedFraction = b.detailedFraction;
  }

  /** A new builder; the image folder is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every setting of this export. */
  public Builder toBuilder() {
    return new Builder().imageFolder(imageFolder).seed(seed).skipMissingImages(skipMissingImages)
        .detailedFraction(detailedFraction);
  }

  /**
   * Exports selected samples as stage-2 instruction data.
   *
   * @return statistics of what was written
   * @throws InvalidDataException naming the sample when an image is missing (unless skipped), a
   *     name escapes the image folder, or no sample remains
   */
  public TrainingDataStatistics exportInstructions(Collection<InstructionSample> samples, Path out) {
    Random random = new Random(seed);
    List<InstructionSample> kept = new ArrayList<>();
    for (InstructionSample s : samples) {
      String image = relative(s.image(), s.id());
      if (!imageExists("sample", s.id(), image)) {
        continue;
      }
      List<Turn> turns = new ArrayList<>(s.conversation().turns());
      if (turns.get(turns.size() - 1).role() == Role.HUMAN) {
        turns.remove(turns.size() - 1);
      }
      if (turns.isEmpty()) {
        continue;
      }
      kept.add(s.toBuilder().image(image).conversation(oneImageToken(new Conversation(turns),
          random)).build());
    }
    if (kept.isEmpty()) {
      throw new InvalidDataException(null, 0, null,
          "no sample has an answered question and an existing image; nothing to export");
    }
    LlavaJson.write(out, kept);
    return TrainingDataStatistics.of(kept, imageFolder);
  }

  /**
   * Exports stage-1 alignment data: per figure with a caption and an existing image, one exchange
   * whose human turn is a brief (or, for {@code detailedFraction} of them, a detailed) description
   * instruction with {@code <image>} and whose answer is the caption. Figures without a caption
   * are skipped.
   */
  public TrainingDataStatistics exportAlignment(Collection<Figure> figures, Path out) {
    Random random = new Random(seed);
    List<InstructionSample> kept = new ArrayList<>();
    for (Figure f : figures) {
      if (f.caption().isBlank()) {
        continue;
      }
      String image = relative(f.image(), f.pairId());
      if (!imageExists("figure", f.pairId(), image)) {
        continue;
      }
      String instruction = AlignmentInstructions.pick(random.nextDouble() < detailedFraction,
          random);
      Conversation c = Conversation.of(instruction, f.caption().trim())
          .withImageToken(random.nextBoolean());
      kept.add(InstructionSample.builder().id(f.pairId()).figureId(f.pairId()).image(image)
          .domains(f.domains()).caption(f.caption()).conversation(c).build());
    }
    if (kept.isEmpty()) {
      throw new InvalidDataException(null, 0, "fig_caption",
          "no figure has a caption and an existing image; nothing to export");
    }
    LlavaJson.write(out, kept);
    return TrainingDataStatistics.of(kept, imageFolder);
  }

  /** Stage-1 alignment data from the captions of samples (one record per distinct figure). */
  public TrainingDataStatistics exportAlignmentFromSamples(
      Collection<InstructionSample> samples, Path out) {
    java.util.Map<String, Figure> figures = new java.util.LinkedHashMap<>();
    for (InstructionSample s : samples) {
      figures.putIfAbsent(s.figureId(), new Figure(s.figureId(), "", "", s.caption(), s.mentions(),
          s.domains(), s.image()));
    }
    return exportAlignment(figures.values(), out);
  }

  private static Conversation oneImageToken(Conversation c, Random random) {
    boolean prefix = random.nextBoolean();
    if (LlavaJson.hasOneImageTokenInFirstTurn(c)) {
      return c;
    }
    return c.withImageToken(prefix);
  }

  /**
   * Whether {@code image} (relative to the image folder) exists; false when it is missing and
   * missing images are skipped.
   *
   * @param what {@code sample} or {@code figure}, for the message
   * @throws InvalidDataException naming the record when it is missing and not skipped
   */
  private boolean imageExists(String what, String id, String image) {
    if (Files.isRegularFile(imageFolder.resolve(image))) {
      return true;
    }
    if (skipMissingImages) {
      return false;
    }
    throw new InvalidDataException(null, 0, "image", what + " '" + id + "' names image '" + image
        + "' but " + imageFolder.resolve(image) + " does not exist; download the images into the "
        + "image folder or export with skipMissingImages");
  }

  private String relative(String image, String id) {
    Path p = Path.of(image);
    if (p.isAbsolute()) {
      Path folder = imageFolder.toAbsolutePath().normalize();
      Path abs = p.normalize();
      if (!abs.startsWith(folder)) {
        throw new InvalidDataException(null, 0, "image", "'" + id + "' has absolute image path "
            + image + " outside the image folder " + folder + "; move the image into the folder");
      }
      return folder.relativize(abs).toString().replace('\\', '/');
    }
    Path norm = p.normalize();
    if (norm.startsWith("..")) {
      throw new InvalidDataException(null, 0, "image", "'" + id + "' has image path " + image
          + " that leaves the image folder; use a name relative to the folder");
    }
    return norm.toString().replace('\\', '/');
  }

  /** Builds {@link LlavaTrainingExport}s. */
  public static final class Builder {
    private Path imageFolder;
    private long seed = DEFAULT_SEED;
    private boolean skipMissingImages;
    private double detailedFraction = DEFAULT_DETAILED_FRACTION;

    private Builder() {}

    /** The folder image names are relative to (required). */
    public Builder imageFolder(Path imageFolder) {
      this.imageFolder = Objects.requireNonNull(imageFolder, "imageFolder == null");
      return this;
    }

    /**
     * The seed of the {@code <image>} placement and instruction draws; default {@link
     * #DEFAULT_SEED}.
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Skip records whose image is missing instead of failing; default false. */
    public Builder skipMissingImages(boolean skip) {
      this.skipMissingImages = skip;
      return this;
    }

    /**
     * The share of alignment records given a detailed instead of a brief instruction; default
     * {@link #DEFAULT_DETAILED_FRACTION}.
     */
    public Builder detailedFraction(double fraction) {
      this.detailedFraction = Checks.inRange(fraction, 0, 1, "detailedFraction");
      return this;
    }

    /** Builds. @throws IllegalStateException when the image folder is missing */
    public LlavaTrainingExport build() {
      Checks.checkState(imageFolder != null, "imageFolder is required; call imageFolder(...)");
      return new LlavaTrainingExport(this);
    }
  }
}
