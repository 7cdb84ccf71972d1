package org.biomedvital.tuning.monitor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biomedvital.tuning.TuningProgress;

/**
 * Turns Hugging Face Trainer console output into {@link TuningProgress}: the metric dictionaries it
 * prints every {@code logging_steps} ({@code {'loss': 1.23, 'learning_rate': 2e-05, 'epoch':
 * 0.5}}), the final summary ({@code {'train_runtime': ..., 'train_loss': ...}}) and the tqdm
 * progress bar ({@code 12%|#   | 120/1000 [01:23<10:12, 1.44it/s]}) for step, total steps and
 * speed.
 *
 * <p>Feed it every line in order; not thread-safe.
 */
public final class TrainerLogParser {
  private static final Pattern DICT = Pattern.compile("\\{\\s*'[a-z_]+'\\s*:.*}");
  private static final Pattern ENTRY = Pattern.compile(
      "'([A-Za-z_]+)'\\s*:\\s*'?([-+0-9.eEinfaINFA]+)'?");
  private static final Pattern TQDM = Pattern.compile(
      "\\|\\s*(\\d+)/(\\d+)\\s*\\[[^\\]]*?(?:,\\s*([0-9.]+)(it/s|s/it))?\\]");
  private static final Pattern SAVING = Pattern.compile("Saving model checkpoint to (\\S+)");

  private final int globalBatch;
  private long step;
  private long maxSteps;
  private double iterationsPerSecond = Double.NaN;
  private final Map<String, Double> summary = new LinkedHashMap<>();

  /** A parser; {@code globalBatch} (0 if unknown) turns steps per second into samples per second. */
  public TrainerLogParser(int globalBatch) {
    this.globalBatch = globalBatch;
  }

  /**
   * Reads one line (carriage-return-separated tqdm updates included).
   *
   * @return the progress a metric dictionary reported, if the line held one with a loss
   */
  public Optional<TuningProgress> accept(String line) {
    Optional<TuningProgress> result = Optional.empty();
    for (String part : line.indexOf('\r') < 0 ? new String[] {line} : line.split("\r")) {
      // Cheap guards first: most lines are neither a progress bar nor a metric dict.
      Matcher t = part.indexOf('|') >= 0 && part.indexOf('/') >= 0 ? TQDM.matcher(part) : null;
      if (t != null && t.find()) {
        step = Long.parseLong(t.group(1));
        maxSteps = Long.parseLong(t.group(2));
        if (t.group(3) != null) {
          double v = Double.parseDouble(t.group(3));
          iterationsPerSecond = "it/s".equals(t.group(4)) ? v : 1 / v;
        }
      }
      Matcher d = part.indexOf("{'") >= 0 ? DICT.matcher(part) : null;
      if (d != null && d.find()) {
        Map<String, Double> values = parseDict(d.group());
        if (values.containsKey("train_runtime") || values.containsKey("train_loss")) {
          summary.putAll(values);
        }
        if (values.containsKey("loss")) {
          long s = values.containsKey("step") ? values.get("step").longValue() : step;
          double sps = values.getOrDefault("train_samples_per_second",
              globalBatch > 0 ? iterationsPerSecond * globalBatch : Double.NaN);
          result = Optional.of(new TuningProgress(s, maxSteps,
              values.getOrDefault("epoch", Double.NaN), values.get("loss"),
              values.getOrDefault("learning_rate", Double.NaN), sps));
        }
      }
    }
    return result;
  }

  /** The checkpoint folder a {@code Saving model checkpoint to ...} line names, if any. */
  public static Optional<String> savedCheckpoint(String line) {
    Matcher m = SAVING.matcher(line);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Parses a Python dict repr of numbers into a map (non-numeric values are skipped). */
  public static Map<String, Double> parseDict(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    Matcher m = ENTRY.matcher(text);
    while (m.find()) {
      try {
        out.put(m.group(1), Double.parseDouble(m.group(2).toLowerCase(Locale.ROOT)
            .replace("inf", "Infinity").replace("nan", "NaN")));
      } catch (NumberFormatException e) {
        // A non-numeric value such as a string label: not a metric.
      }
    }
    return out;
  }

  /** The last step seen. */
  public long step() {
    return step;
  }

  /** The total steps from the progress bar, or 0 before it appeared. */
  public long maxSteps() {
    return maxSteps;
  }

  /** The final summary metrics ({@code train_loss}, {@code train_runtime}...) seen so far. */
  public Map<String, Double> summary() {
    return Map.copyOf(summary);
  }
}
