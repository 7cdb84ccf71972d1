package org.biomedvital.tuning.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalIoException;
import org.biomedvital.internal.Checks;
import org.biomedvital.internal.Json;
import org.biomedvital.io.AtomicFiles;

/**
 * What it takes to find a cluster job again after the submitting process has gone: the target,
 * the job id, where its log is and from which byte this job's output starts (a resumed run
 * appends to the same log), its output folder. Written as {@value #FILE} into the run's output
 * folder at submission, so {@code tune status|attach|cancel --run DIR} work from another terminal.
 *
 * @param target the target's name ({@code slurm}, {@code kubernetes})
 * @param id the target's job id
 * @param name the job name
 * @param logFile the log file, or null when the target keeps the log (Kubernetes) or is not known
 * @param logOffset the byte of the log file where this job's output starts
 * @param outputDir the training output folder (checkpoints), or null when not known
 * @param globalBatch samples per optimiser step (0 if unknown), for throughput
 * @param namespace the Kubernetes namespace, empty elsewhere
 */
public record JobRecord(String target, String id, String name, Path logFile, long logOffset,
    Path outputDir, int globalBatch, String namespace) {
  /** The file name in the run's output folder. */
  public static final String FILE = "job.json";

  /** Validates. */
  public JobRecord {
    Checks.notBlank(target, "target");
    Checks.notBlank(id, "id");
    Objects.requireNonNull(name, "name == null");
    Checks.checkArgument(logOffset >= 0, "logOffset must be >= 0 but was %s", logOffset);
    Checks.nonNegative(globalBatch, "globalBatch");
    Objects.requireNonNull(namespace, "namespace == null");
  }

  /** A record that knows only the job id (the target looks up the rest). */
  public static JobRecord ofId(String target, String id) {
    return new JobRecord(target, id, "", null, 0, null, 0, "");
  }

  /** Writes {@value #FILE} into {@code dir} (atomically). */
  public Path write(Path dir) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("target", target).put("id", id).put("name", name);
    n.put("log_file", logFile == null ? null : logFile.toAbsolutePath().toString());
    n.put("log_offset", logOffset);
    n.put("output_dir", outputDir == null ? null : outputDir.toAbsolutePath().toString());
    n.put("global_batch", globalBatch).put("namespace", namespace);
    Path file = dir.resolve(FILE);
    AtomicFiles.writeString(file, n.toPrettyString() + "\n");
    return file;
  }

  /**
   * Reads {@value #FILE} from a run's output folder.
   *
   * @throws InvalidDataException when it is missing or malformed, saying what to do
   */
  public static JobRecord read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new InvalidDataException(file.toString(), 0, null, "no submitted job recorded here; "
          + "give the run's --out folder of 'tune run', or the job id");
    }
    try {
      JsonNode n = Json.mapper().readTree(file.toFile());
      return new JobRecord(text(n, "target", file), text(n, "id", file),
          n.path("name").asText(""), path(n.get("log_file")), n.path("log_offset").asLong(0),
          path(n.get("output_dir")), n.path("global_batch").asInt(0),
          n.path("namespace").asText(""));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new InvalidDataException(file.toString(), 0, null, "unreadable: " + e.getMessage());
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot read " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidDataException(file.toString(), 0, null, e.getMessage());
    }
  }

  private static String text(JsonNode n, String field, Path file) {
    String v = n.path(field).asText("");
    if (v.isBlank()) {
      throw new InvalidDataException(file.toString(), 0, field, "missing");
    }
    return v;
  }

  private static Path path(JsonNode n) {
    return n == null || n.isNull() || n.asText().isBlank() ? null : Path.of(n.asText());
  }
}
