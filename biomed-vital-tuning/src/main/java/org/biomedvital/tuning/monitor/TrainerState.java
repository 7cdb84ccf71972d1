package org.biomedvital.tuning.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalIoException;
import org.biomedvital.internal.Json;
import org.biomedvital.tuning.TuningProgress;

/**
 * The Hugging Face Trainer's {@code trainer_state.json} (written into every checkpoint and the
 * output folder): global step, max steps, epoch and the log history.
 *
 * @param globalStep the optimiser steps done
 * @param maxSteps the planned steps
 * @param epoch the epoch reached
 * @param history one progress entry per logged step that has a loss
 */
public record TrainerState(long globalStep, long maxSteps, double epoch, List<TuningProgress> history) {
  /** Copies. */
  public TrainerState {
    history = List.copyOf(history);
  }

  /**
   * Reads a {@code trainer_state.json}.
   *
   * @throws InvalidDataException when the file is missing or not JSON
   */
  public static TrainerState read(Path file) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(file.toString(), 0, null, "does not exist", e);
    } catch (com.fasterxml.jackson.core.JacksonException
        | java.nio.charset.CharacterCodingException e) {
      throw new InvalidDataException(file.toString(), 0, null,
          "is not a readable trainer_state.json: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot read " + file + ": " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new InvalidDataException(file.toString(), 0, null, "must hold a JSON object");
    }
    long max = n.path("max_steps").asLong(0);
    List<TuningProgress> history = new ArrayList<>();
    for (JsonNode h : n.path("log_history")) {
      if (h.has("loss")) {
        history.add(new TuningProgress(h.path("step").asLong(0), max,
            h.path("epoch").asDouble(Double.NaN), h.path("loss").asDouble(Double.NaN),
            h.path("learning_rate").asDouble(Double.NaN),
            h.path("train_samples_per_second").asDouble(Double.NaN)));
      }
    }
    return new TrainerState(n.path("global_step").asLong(0), max,
        n.path("epoch").asDouble(history.isEmpty() ? 0 : history.get(history.size() - 1).epoch()),
        history);
  }

  /** The state of the latest checkpoint under an output folder, or of the folder itself. */
  public static Optional<TrainerState> latest(Path outputDir) {
    Optional<Path> cp = Checkpoints.latest(outputDir);
    Path file = cp.map(p -> p.resolve("trainer_state.json"))
        .filter(Files::isRegularFile).orElse(outputDir.resolve("trainer_state.json"));
    return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
  }

  /** The last logged progress, if any. */
  public Optional<TuningProgress> last() {
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
  }
}
