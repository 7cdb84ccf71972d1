package org.biomedvital.tuning.llava;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalIoException;
import org.biomedvital.data.Conversation;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.llava.PreflightFinding.Severity;
import org.biomedvital.tuning.monitor.Checkpoints;

/**
 * Checks a recipe and a job before anything is launched, so a multi-GPU run does not fail an hour
 * in. Every finding says how to fix it.
 *
 * <ul>
 *   <li>{@code batch}: per-device batch x accumulation x GPUs x nodes must equal the global batch;
 *       the message suggests the accumulation that makes it so.
 *   <li>{@code data}, {@code images}: the data file exists and parses, every record holds exactly
 *       one {@code <image>} and its image exists under the image folder.
 *   <li>{@code output}: the output folder holds no run (LLaVA's {@code train.py} silently resumes
 *       from any {@code checkpoint-*} there) unless resuming; resuming with nothing to resume warns.
 *   <li>{@code resume}: resuming LoRA or ZeRO-offload runs is flagged as fragile.
 *   <li>{@code model}: a base model is named; stage 2 without stage 1's projector warns.
 * </ul>
 */
public final class LlavaPreflight {
  private static final int MAX_LISTED = 5;

  private LlavaPreflight() {}

  /** Runs every check; never throws for a failed check (see {@link #requireOk}). */
  public static List<PreflightFinding> check(LlavaMedRecipe recipe, TuningJob job) {
    List<PreflightFinding> out = new ArrayList<>();
    checkBatch(recipe, out);
    checkModel(recipe, job, out);
    checkData(job, out);
    checkOutput(recipe, job, out);
    return out;
  }

  /**
   * Runs every check and throws when one is an error.
   *
   * @return the warnings
   * @throws PreflightException listing every error with its fix
   */
  public static List<PreflightFinding> requireOk(LlavaMedRecipe recipe, TuningJob job) {
    List<PreflightFinding> all = check(recipe, job);
    List<PreflightFinding> errors = all.stream()
        .filter(f -> f.severity() == Severity.ERROR).toList();
    if (!errors.isEmpty()) {
      throw new PreflightException(errors);
    }
    return all;
  }

  /** The batch-arithmetic finding alone, if the arithmetic fails. */
  public static Optional<PreflightFinding> batchArithmetic(LlavaMedRecipe r) {
    int perStep = r.perDeviceBatchSize() * r.processesPerNode() * r.nodes();
    if (r.effectiveGlobalBatch() == r.globalBatchSize()) {
      return Optional.empty();
    }
    String product = String.format(Locale.ROOT,
        "per-device batch %d x gradient accumulation %d x %d %s x %d node%s = %d, but the "
            + "recipe's global batch is %d",
        r.perDeviceBatchSize(), r.gradientAccumulationSteps(), r.processesPerNode(),
        r.cpuOnly() ? "CPU processes" : "GPUs", r.nodes(),
        r.nodes() == 1 ? "" : "s", r.effectiveGlobalBatch(), r.globalBatchSize());
    String fix;
    if (r.globalBatchSize() % perStep == 0) {
      fix = String.format(Locale.ROOT, "set gradient accumulation to %d (--gradient-accumulation "
          + "%d)", r.globalBatchSize() / perStep, r.globalBatchSize() / perStep);
    } else {
      fix = String.format(Locale.ROOT, "no accumulation reaches %d with %d samples per pass; change"
          + " the per-device batch or the GPU count so that %d divides %d (accumulation %d gives "
          + "%d), or set the global batch to a multiple of %d", r.globalBatchSize(), perStep,
          perStep, r.globalBatchSize(), r.suggestedAccumulation(),
          r.suggestedAccumulation() * perStep, perStep);
    }
    return Optional.of(new PreflightFinding(Severity.ERROR, "batch", "global batch: " + product
        + "; " + fix));
  }

  private static void checkBatch(LlavaMedRecipe r, List<PreflightFinding> out) {
    batchArithmetic(r).ifPresent(out::add);
  }

  private static void checkModel(LlavaMedRecipe r, TuningJob job, List<PreflightFinding> out) {
    if (job.baseModel().isBlank()) {
      out.add(new PreflightFinding(Severity.ERROR, "model", "no base model; pass --model with a "
          + "path or hub id (stage 1: the language model, e.g. a LLaVA-7B/Vicuna checkpoint)"));
    }
    if (r.stage() == 2 && r.pretrainedProjector().isBlank()) {
      out.add(new PreflightFinding(Severity.WARNING, "model", "stage 2 has no stage-1 projector "
          + "(--pretrain_mm_mlp_adapter); unless the base model already holds an aligned projector,"
          + " pass stage 1's mm_projector.bin with --projector"));
    } else if (r.stage() == 2 && !r.pretrainedProjector().contains("://")
        && !Files.isRegularFile(Path.of(r.pretrainedProjector()))) {
      out.add(new PreflightFinding(Severity.WARNING, "model", "stage-1 projector "
          + r.pretrainedProjector() + " does not exist on this machine; check the path (ignore "
          + "this if it exists only on the cluster)"));
    }
  }

  private static void checkData(TuningJob job, List<PreflightFinding> out) {
    Path data = job.data();
    if (!Files.isRegularFile(data)) {
      out.add(new PreflightFinding(Severity.ERROR, "data", "training data " + data
          + " does not exist; export it first (LlavaTrainingExport) or fix --data"));
      return;
    }
    if (!Files.isDirectory(job.imageFolder())) {
      out.add(new PreflightFinding(Severity.ERROR, "images", "image folder " + job.imageFolder()
          + " does not exist; fix --images or download the images"));
      return;
    }
    int[] counts = new int[3];
    List<String> missing = new ArrayList<>();
    List<String> badTokens = new ArrayList<>();
    try {
      LlavaJson.forEach(data, s -> {
        counts[0]++;
        if (!Files.isRegularFile(job.imageFolder().resolve(s.image()))) {
          counts[1]++;
          if (missing.size() < MAX_LISTED) {
            missing.add(s.id() + " -> " + s.image());
          }
        }
        Conversation c = s.conversation();
        if (!LlavaJson.hasOneImageTokenInFirstTurn(c)) {
          counts[2]++;
          if (badTokens.size() < MAX_LISTED) {
            badTokens.add(s.id());
          }
        }
      });
    } catch (InvalidDataException e) {
      out.add(new PreflightFinding(Severity.ERROR, "data", e.getMessage()
          + "; fix the record or export the data again"));
      return;
    }
    if (counts[0] == 0) {
      out.add(new PreflightFinding(Severity.ERROR, "data", "training data " + data
          + " holds no records; export selected samples first"));
    }
    if (counts[1] > 0) {
      out.add(new PreflightFinding(Severity.ERROR, "images", String.format(Locale.ROOT,
          "%d of %d records name images missing from %s (e.g. %s); download them or re-export "
              + "with skipMissingImages", counts[1], counts[0], job.imageFolder(),
          String.join(", ", missing))));
    }
    if (counts[2] > 0) {
      out.add(new PreflightFinding(Severity.ERROR, "data", String.format(Locale.ROOT,
          "%d of %d records do not hold exactly one <image> in the first human turn (e.g. %s); "
              + "LLaVA only injects image features there. Re-export with LlavaTrainingExport",
          counts[2], counts[0], String.join(", ", badTokens))));
    }
  }

  private static void checkOutput(LlavaMedRecipe r, TuningJob job, List<PreflightFinding> out) {
    Path dir = job.outputDir();
    Optional<Path> latest = Checkpoints.latest(dir);
    boolean holdsRun = latest.isPresent() || Files.exists(dir.resolve("trainer_state.json"))
        || hasModelFiles(dir);
    if (holdsRun && !job.resume()) {
      out.add(new PreflightFinding(Severity.ERROR, "output", "output folder " + dir
          + " already holds a run" + latest.map(p -> " (" + p.getFileName() + ")").orElse("")
          + "; LLaVA's train.py resumes from any checkpoint-* it finds there. Pass --resume to "
          + "continue that run, or choose a new --out"));
    }
    if (job.resume() && latest.isEmpty()) {
      out.add(new PreflightFinding(Severity.WARNING, "resume", "--resume was given but " + dir
          + " holds no checkpoint-*; the run starts from the beginning"));
    }
    if (job.resume() && latest.isPresent() && (r.lora() || r.zeroOffload())) {
      out.add(new PreflightFinding(Severity.WARNING, "resume", "resuming a "
          + (r.lora() ? "LoRA" : "ZeRO-offload") + " run is fragile: the LLaVA code "
          + (r.lora() ? "saves LoRA adapters and non-LoRA weights separately and does not reload "
              + "them on resume" : "needs the same ZeRO stage, offload setting and world size "
              + "to load the optimizer shards")
          + "; check that " + latest.get().getFileName() + " loads, or restart from the last "
          + "merged weights"));
    }
  }

  private static boolean hasModelFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).anyMatch(n -> n.equals("mm_projector.bin")
          || n.startsWith("pytorch_model") || n.endsWith(".safetensors")
          || n.equals("adapter_model.bin"));
    } catch (IOException e) {
      throw new VitalIoException(dir, "cannot list " + dir + ": " + e.getMessage(), e);
    } catch (java.io.UncheckedIOException e) {
      throw new VitalIoException(dir, "cannot list " + dir + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }
}
