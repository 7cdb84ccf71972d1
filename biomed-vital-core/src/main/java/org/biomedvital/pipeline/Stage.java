package org.biomedvital.pipeline;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.biomedvital.internal.Checks;

/**
 * One named step of a pipeline: what it reads, what it writes, and the action that does it.
 *
 * <p>Inputs and outputs are logical names: either a pipeline input ({@code figures}) or a path
 * relative to the run's output folder ({@code candidates.jsonl}, {@code scorer}). A stage is skipped
 * when the manifest records it complete, its outputs are unchanged and its inputs are the same as
 * when it completed.
 *
 * @param name the stage name, lower-kebab-case, e.g. {@code generate}
 * @param inputs the logical names it reads
 * @param outputs the logical names it writes (at least one)
 * @param settings the stage's settings as text (e.g. {@code candidates=2; sampling=perDomain(1)});
 *     a change re-runs the stage like a changed input
 * @param action the work, or null for a stage without an implementation (it fails when run)
 */
public record Stage(
    String name, List<String> inputs, List<String> outputs, String settings, StageAction action) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

  /** Validates and copies. */
  public Stage {
    Checks.notBlank(name, "name");
    Checks.checkArgument(NAME.matcher(name).matches(),
        "stage name must be lower-kebab-case ([a-z][a-z0-9-]*) but was '%s'", name);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    Objects.requireNonNull(settings, "settings == null");
    Checks.checkArgument(!outputs.isEmpty(), "stage '%s' must declare at least one output", name);
    Checks.checkArgument(new HashSet<>(outputs).size() == outputs.size(),
        "stage '%s' declares an output twice: %s", name, outputs);
    for (String o : outputs) {
      Checks.notBlank(o, "output");
      Checks.checkArgument(!o.startsWith("/") && !o.contains(".."),
          "output '%s' of stage '%s' must be a relative path inside the output folder", o, name);
    }
  }

  /** A stage with an action. */
  public static Stage of(String name, List<String> inputs, List<String> outputs, StageAction action) {
    return new Stage(name, inputs, outputs, "", Objects.requireNonNull(action, "action == null"));
  }

  /** A stage without an implementation yet: it fails if the run reaches it. */
  public static Stage unimplemented(String name, List<String> inputs, List<String> outputs) {
    return new Stage(name, inputs, outputs, "", null);
  }

  /** A copy running another action. */
  public Stage withAction(StageAction newAction) {
    return new Stage(name, inputs, outputs, settings, newAction);
  }

  /** A copy with other settings text. */
  public Stage withSettings(String newSettings) {
    return new Stage(name, inputs, outputs, newSettings, action);
  }
}
