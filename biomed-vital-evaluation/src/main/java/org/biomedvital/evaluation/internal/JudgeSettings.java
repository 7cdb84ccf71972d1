package org.biomedvital.evaluation.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.internal.Checks;
import org.biomedvital.model.VisionChatModel;

/**
 * The settings every judge evaluator shares (judge model, image folder, judge name, concurrency),
 * held by their builders, which forward their setters here, and copied into the built evaluator
 * for {@code toBuilder()}. Also runs the journaling loop with them ({@link #judgeAll}).
 */
public final class JudgeSettings {
  /** The default number of items judged at once. */
  public static final int DEFAULT_CONCURRENCY = 1;

  /** The default judge name recorded in each line: empty. */
  public static final String DEFAULT_JUDGE_NAME = "";

  private VisionChatModel judge;
  private ImageRoot imageRoot;
  private String judgeName = DEFAULT_JUDGE_NAME;
  private int concurrency = DEFAULT_CONCURRENCY;

  /** Settings with the defaults and no judge. */
  public JudgeSettings() {}

  /** A copy (the judge model and image folder are shared, not copied). */
  public JudgeSettings copy() {
    JudgeSettings c = new JudgeSettings();
    c.judge = judge;
    c.imageRoot = imageRoot;
    c.judgeName = judgeName;
    c.concurrency = concurrency;
    return c;
  }

  /** Sets the judge model. */
  public void judge(VisionChatModel judge) {
    this.judge = Objects.requireNonNull(judge, "judge == null");
  }

  /** Sets the image folder. */
  public void imageRoot(ImageRoot imageRoot) {
    this.imageRoot = Objects.requireNonNull(imageRoot, "imageRoot == null");
  }

  /** Sets the judge name. */
  public void judgeName(String judgeName) {
    this.judgeName = Objects.requireNonNull(judgeName, "judgeName == null");
  }

  /** Sets how many items are judged at once. */
  public void concurrency(int concurrency) {
    this.concurrency = Checks.positive(concurrency, "concurrency");
  }

  /** Checks what {@code build()} needs. @throws IllegalStateException when the judge is missing */
  public JudgeSettings checked() {
    Checks.checkState(judge != null, "a judge is required; call judge(...)");
    return copy();
  }

  /** The judge model, or null before one is set. */
  public VisionChatModel judge() {
    return judge;
  }

  /** The image folder, or null when none is set. */
  public ImageRoot imageRoot() {
    return imageRoot;
  }

  /** The judge name. */
  public String judgeName() {
    return judgeName;
  }

  /** How many items are judged at once. */
  public int concurrency() {
    return concurrency;
  }

  /**
   * The journaling loop: judges the items of {@code toJudge} not yet in {@code file} (appending the
   * JSON line {@code judge} makes for each as soon as it is made), then reads the file back.
   *
   * @param idOf an item's id, as written in the {@code question_id} field
   * @param readBack the items whose records to return, in this order
   * @param reader reads the journal file
   * @param resultId the question id of a record read
   * @return the records of {@code readBack} found in the file
   */
  public <T, R> Judged<R> judgeAll(Path file, Function<T, String> idOf, List<T> toJudge,
      Function<T, String> judge, List<T> readBack, Function<Path, List<R>> reader,
      Function<R, String> resultId) {
    JudgeJournal<T> journal = JudgeJournal.of(file, idOf, concurrency);
    int judged = journal.judgeMissing(toJudge, judge);
    return new Judged<>(judged, journal.readBack(readBack, reader, resultId));
  }

  /**
   * What {@link #judgeAll} did.
   *
   * @param judgedNow how many items were judged in this run (the others were in the file)
   * @param results the records read back
   */
  public record Judged<R>(int judgedNow, List<R> results) {}
}
