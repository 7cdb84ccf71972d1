package org.biomedvital.tuning.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.biomedvital.Experimental;
import org.biomedvital.InvalidDataException;
import org.biomedvital.TuningFailedException;
import org.biomedvital.VitalIoException;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Turn;
import org.biomedvital.internal.Json;
import org.biomedvital.io.AtomicFiles;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningProgress;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.TuningRunner;
import org.biomedvital.tuning.TuningStatus;
import org.biomedvital.tuning.llava.LlavaJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the {@link TinyLlavaModel} in the JVM with the LLaVA two-stage recipe, on CPU, from LLaVA
 * training JSON and an image folder.
 *
 * <h2>Stages</h2>
 *
 * <ul>
 *   <li>Stage 1 (concept alignment): only the projector ({@code projector.*}) is updated; the
 *       image encoder and the language model are frozen and stay bit-identical.
 *   <li>Stage 2 (instruction tuning): projector and language model are updated; the image encoder
 *       stays frozen. The loss covers assistant tokens only (and each answer's end token).
 * </ul>
 *
 * Both stages use Adam without weight decay, 3% linear warm-up, a cosine schedule and gradient
 * clipping at norm 1, as the LLaVA-Med scripts do.
 *
 * <h2>Job parameters</h2>
 *
 * {@code steps} (default 200), {@code batch_size} (16), {@code learning_rate} (2e-3; the tiny
 * model trains from scratch, so stage 2 needs far more than LLaVA-Med's 2e-5), {@code
 * warmup_ratio} (0.03), {@code seed} (42), {@code logging_steps} (10), {@code save_steps} (0 =
 * only the final model), {@code threads} (PyTorch CPU threads, process-wide; default: the
 * engine's), {@code max_new_words} vocabulary size (2000), {@code vocabulary_data}
 * (more LLaVA JSON files, separated by the path separator, whose words join the vocabulary of a
 * fresh model), {@code overwrite} (false), and the model shape {@code image_size}, {@code
 * hidden_size}, {@code layers}, {@code heads}, {@code max_text_tokens}.
 *
 * <p>{@link TuningJob#baseModel()} names a checkpoint folder to start from (stage 2 starts from
 * stage 1's output); empty starts from fresh weights. The output folder receives the final model
 * ({@code config.json}, {@code vocab.json}, {@code params.bin}), {@code checkpoint-N} folders
 * every {@code save_steps}, and a Hugging-Face-style {@code trainer_state.json}. With {@link
 * TuningJob#resume()} the run continues from the latest {@code checkpoint-N} (optimizer moments
 * restart). Interrupting the calling thread cancels the run after the current step and saves a
 * checkpoint.
 *
 * <p>Thread-safe: each call builds its own model.
 */
@Experimental("the tiny model's architecture, hyper-parameters and checkpoint format may change")
public final class TinyLlavaTuningRunner implements TuningRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TinyLlavaTuningRunner.class);
  private static final Pattern CHECKPOINT = Pattern.compile("checkpoint-(\\d+)");

  private final ProviderSettings defaults;

  /** A runner with the default parameters. */
  public TinyLlavaTuningRunner() {
    this(ProviderSettings.EMPTY);
  }

  /** A runner whose settings are defaults for parameters a job does not set. */
  public TinyLlavaTuningRunner(ProviderSettings defaults) {
    this.defaults = java.util.Objects.requireNonNull(defaults, "defaults == null");
  }

  /** The prefixes of the parameter groups a stage trains. */
  public static List<String> trainablePrefixes(int stage) {
    return stage == 1 ? List.of("projector.") : List.of("projector.", "lm.");
  }

  @Override
  public TuningResult run(TuningJob job, TuningListener listener) {
    Map<String, String> merged = new HashMap<>();
    defaults.keys().forEach(k -> defaults.get(k).ifPresent(v -> merged.put(k, v)));
    merged.putAll(job.parameters());
    ProviderSettings p = ProviderSettings.of(merged);
    listener.onStart(job);
    Path out = job.outputDir();
    checkOutputFolder(job, p.booleanValue("overwrite", false));
    List<InstructionSample> samples = LlavaJson.read(job.data());
    if (samples.isEmpty()) {
      throw new InvalidDataException(job.data().toString(), 0, null,
          "holds no records; export training data first");
    }
    Optional<Path> resumeFrom = job.resume() ? latestCheckpoint(out) : Optional.empty();
    long startStep = 0;
    TinyLlavaModel model;
    if (resumeFrom.isPresent()) {
      model = TinyLlavaModel.load(resumeFrom.get());
      startStep = TinyLlavaModel.readConfig(resumeFrom.get()).path("step").asLong(0);
      LOG.info("resuming stage {} from {} at step {}", job.stage(), resumeFrom.get(), startStep);
    } else if (!job.baseModel().isBlank()) {
      model = TinyLlavaModel.load(Path.of(job.baseModel()));
    } else {
      model = TinyLlavaModel.create(config(p), vocabulary(samples, p), p.longValue("seed", 42));
    }
    try (model) {
      return train(job, p, model, samples, startStep, listener);
    }
  }

  private static TinyLlavaConfig config(ProviderSettings p) {
    TinyLlavaConfig d = TinyLlavaConfig.DEFAULT;
    return new TinyLlavaConfig(p.intValue("image_size", d.imageSize()),
        p.intValue("vision_dim", d.visionDim()), p.intValue("hidden_size", d.hiddenSize()),
        p.intValue("layers", d.layers()), p.intValue("heads", d.heads()),
        p.intValue("max_text_tokens", d.maxTextTokens()));
  }

  private static TinyTokenizer vocabulary(List<InstructionSample> samples, ProviderSettings p) {
    List<String> texts = new ArrayList<>();
    samples.forEach(s -> s.conversation().turns().forEach(t -> texts.add(t.text())));
    for (String extra : p.get("vocabulary_data").map(v -> v.split(File.pathSeparator))
        .orElse(new String[0])) {
      if (!extra.isBlank()) {
        LlavaJson.forEach(Path.of(extra.trim()),
            s -> s.conversation().turns().forEach(t -> texts.add(t.text())));
      }
    }
    return TinyTokenizer.fit(texts, p.intValue("max_new_words", 2000));
  }

  private static void checkOutputFolder(TuningJob job, boolean overwrite) {
    Path out = job.outputDir();
    if (job.resume() || overwrite || !Files.isDirectory(out)) {
      return;
    }
    if (Files.exists(out.resolve(TinyLlavaModel.PARAMS_FILE)) || latestCheckpoint(out).isPresent()) {
      throw new IllegalArgumentException("output folder " + out + " already holds a tiny-model "
          + "run; choose a new output folder, resume it, or overwrite it (job parameter "
          + "overwrite=true; tune tiny --overwrite)");
    }
  }

  /** The {@code checkpoint-N} folder with the largest N under {@code dir}, if any. */
  public static Optional<Path> latestCheckpoint(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(x -> Files.isRegularFile(x.resolve(TinyLlavaModel.PARAMS_FILE)))
          .filter(x -> CHECKPOINT.matcher(x.getFileName().toString()).matches())
          .max((a, b) -> Long.compare(stepOf(a), stepOf(b)));
    } catch (IOException e) {
      throw new VitalIoException(dir, "cannot list " + dir + ": " + e.getMessage(), e);
    } catch (java.io.UncheckedIOException e) {
      throw new VitalIoException(dir, "cannot list " + dir + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  private static long stepOf(Path checkpoint) {
    Matcher m = CHECKPOINT.matcher(checkpoint.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }


  private TuningResult train(TuningJob job, ProviderSettings p, TinyLlavaModel model,
      List<InstructionSample> samples, long startStep, TuningListener listener) {
    long started = System.nanoTime();
    int threads = p.intValue("threads", 0);
    if (threads > 0) {
      // Process-wide: PyTorch has one intra-op pool. One thread is fastest on a busy machine.
      PyTorchNatives.engine();
      ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    }
    List<TinyTrainingStep.Example> examples = prepare(job, model, samples);
    int steps = p.intValue("steps", 200);
    int batchSize = Math.min(p.intValue("batch_size", 16), examples.size());
    double baseLr = p.doubleValue("learning_rate", 2e-3);
    double warmupRatio = p.doubleValue("warmup_ratio", 0.03);
    int logEvery = Math.max(1, p.intValue("logging_steps", 10));
    int saveEvery = p.intValue("save_steps", 0);
    long warmup = (long) Math.ceil(warmupRatio * steps);
    Random random = new Random(p.longValue("seed", 42) + 31L * job.stage() + startStep);
    List<String> prefixes = trainablePrefixes(job.stage());
    Map<String, NDArray> trainable = new LinkedHashMap<>();
    model.parameters().forEach((name, arr) -> {
      boolean train = prefixes.stream().anyMatch(name::startsWith);
      arr.setRequiresGradient(train);
      if (train) {
        trainable.put(name, arr);
      }
    });
    LOG.info("tiny LLaVA stage {}: {} examples, {} steps, batch {}, lr {}, trainable {} of {} "
        + "parameters", job.stage(), examples.size(), steps, batchSize, baseLr,
        model.parameterCount("") - model.parameterCount("vision.")
            - (job.stage() == 1 ? model.parameterCount("lm.") : 0), model.parameterCount(""));
    List<Integer> order = new ArrayList<>();
    int cursor = Integer.MAX_VALUE;
    List<Float> losses = new ArrayList<>();
    ArrayNode history = Json.mapper().createArrayNode();
    long step = startStep;
    TuningStatus status = TuningStatus.SUCCEEDED;
    int vocab = model.tokenizer().size();
    int size = model.config().imageSize();
    double windowLoss = 0;
    int windowCount = 0;
    long windowStart = System.nanoTime();
    try (NDManager opt = model.manager().newSubManager()) {
      Map<String, NDArray[]> moments = new HashMap<>();
      for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
        moments.put(e.getKey(), new NDArray[] {opt.zeros(e.getValue().getShape()),
            opt.zeros(e.getValue().getShape())});
      }
      while (step < steps) {
        if (Thread.currentThread().isInterrupted()) {
          status = TuningStatus.CANCELLED;
          break;
        }
        List<TinyTrainingStep.Example> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize) {
          if (cursor >= order.size()) {
            order.clear();
            for (int i = 0; i < examples.size(); i++) {
              order.add(i);
            }
            Collections.shuffle(order, random);
            cursor = 0;
          }
          batch.add(examples.get(order.get(cursor++)));
        }
        double lr = step < warmup ? baseLr * (step + 1) / warmup
            : baseLr * 0.5 * (1 + Math.cos(Math.PI * (step - warmup) / Math.max(1, steps - warmup)));
        float loss = TinyTrainingStep.step(model, batch, trainable, moments, lr, step + 1, vocab, size);
        if (!Float.isFinite(loss)) {
          throw new TuningFailedException(String.format(Locale.ROOT,
              "tiny LLaVA stage %d diverged at step %d (loss %s); lower learning_rate (was %s)",
              job.stage(), step + 1, loss, baseLr), -1, List.of());
        }
        step++;
        losses.add(loss);
        windowLoss += loss;
        windowCount++;
        if (step % logEvery == 0 || step == steps) {
          double seconds = (System.nanoTime() - windowStart) / 1e9;
          double epoch = (double) step * batchSize / examples.size();
          TuningProgress progress = new TuningProgress(step, steps, epoch, windowLoss / windowCount,
              lr, windowCount * batchSize / Math.max(seconds, 1e-9));
          ObjectNode h = history.addObject();
          h.put("step", step);
          h.put("epoch", epoch);
          h.put("loss", progress.loss());
          h.put("learning_rate", lr);
          listener.onProgress(progress);
          listener.onLogLine(String.format(Locale.ROOT,
              "{'loss': %.4f, 'learning_rate': %.3e, 'epoch': %.2f, 'step': %d}",
              progress.loss(), lr, epoch, step));
          windowLoss = 0;
          windowCount = 0;
          windowStart = System.nanoTime();
        }
        if (saveEvery > 0 && step % saveEvery == 0 && step < steps) {
          Path cp = job.outputDir().resolve("checkpoint-" + step);
          model.save(cp, Map.of("stage", job.stage(), "step", step));
          writeState(cp, step, steps, history);
          listener.onCheckpoint(cp);
        }
      }
    } finally {
      model.parameters().values().forEach(a -> a.setRequiresGradient(false));
    }
    Map<String, Object> extra = Map.of("stage", job.stage(), "step", step);
    Path saved = status == TuningStatus.CANCELLED
        ? job.outputDir().resolve("checkpoint-" + step) : job.outputDir();
    model.save(saved, extra);
    writeState(saved, step, steps, history);
    listener.onCheckpoint(saved);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("steps", (double) step);
    metrics.put("initial_loss", mean(losses.subList(0, Math.min(5, losses.size()))));
    metrics.put("final_loss", mean(losses.subList(Math.max(0, losses.size() - 5), losses.size())));
    metrics.put("train_loss", mean(losses));
    double runtime = (System.nanoTime() - started) / 1e9;
    metrics.put("train_runtime", runtime);
    metrics.put("train_samples_per_second", losses.size() * (double) batchSize / runtime);
    metrics.put("trainable_parameters", (double) trainable.values().stream()
        .mapToLong(NDArray::size).sum());
    TuningResult result = new TuningResult(status, job.outputDir(), metrics);
    listener.onFinish(result);
    return result;
  }

  private static double mean(List<Float> xs) {
    return xs.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
  }

  private static void writeState(Path dir, long step, long maxSteps, ArrayNode history) {
    ObjectNode state = Json.mapper().createObjectNode();
    state.put("global_step", step);
    state.put("max_steps", maxSteps);
    state.set("log_history", history.deepCopy());
    AtomicFiles.writeString(dir.resolve("trainer_state.json"), state.toPrettyString());
  }

  private static List<TinyTrainingStep.Example> prepare(TuningJob job, TinyLlavaModel model,
      List<InstructionSample> samples) {
    Map<Path, float[]> images = new HashMap<>();
    List<TinyTrainingStep.Example> out = new ArrayList<>();
    int size = model.config().imageSize();
    for (InstructionSample s : samples) {
      Path file = job.imageFolder().resolve(s.image());
      if (!Files.isRegularFile(file)) {
        throw new InvalidDataException(job.data().toString(), 0, "image",
            "record '" + s.id() + "' names image '" + s.image() + "' but " + file
                + " does not exist; check --images or export the data again");
      }
      float[] img = images.computeIfAbsent(file, f -> TinyImages.load(ImageRef.of(f), size));
      List<Turn> turns = s.conversation().turns();
      TinyLlavaModel.Encoded e = model.encode(turns);
      boolean any = false;
      for (int i = 1; i < e.supervised().length; i++) {
        any |= e.supervised()[i];
      }
      if (any) {
        out.add(new TinyTrainingStep.Example(img, e.ids(), e.supervised()));
      }
    }
    if (out.isEmpty()) {
      throw new InvalidDataException(job.data().toString(), 0, "conversations",
          "no record has an assistant ('gpt') answer within the first "
              + model.config().maxTextTokens() + " tokens; nothing to learn from");
    }
    return out;
  }
}
