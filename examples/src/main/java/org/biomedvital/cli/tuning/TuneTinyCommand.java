package org.biomedvital.cli.tuning;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.biomedvital.InvalidDataException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.ImageRef;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.QaPair;
import org.biomedvital.tuning.TuningJob;
import org.biomedvital.tuning.TuningListener;
import org.biomedvital.tuning.TuningProgress;
import org.biomedvital.tuning.TuningResult;
import org.biomedvital.tuning.llava.AlignmentInstructions;
import org.biomedvital.tuning.llava.LlavaJson;
import org.biomedvital.tuning.tiny.TinyLlavaChatModel;
import org.biomedvital.tuning.tiny.TinyLlavaTuningRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code biomed-vital tune tiny}: train the in-JVM tiny LLaVA-style model, both stages. */
@Command(name = "tiny", mixinStandardHelpOptions = true,
    description = "Train the tiny in-JVM LLaVA-style model on CPU with the two-stage recipe: "
        + "stage 1 (projector only) on caption alignment data, stage 2 (projector + language "
        + "model) on --data; writes <out>/stage1 and <out>/stage2 and answers one question.")
public final class TuneTinyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, description = "stage-2 training JSON (LLaVA format)")
  Path data;

  @Option(names = "--images", required = true, description = "the image folder")
  Path images;

  @Option(names = "--out", required = true, description = "output folder")
  Path out;

  @Option(names = "--alignment-data", description = "stage-1 JSON; default built from --data "
      + "(each record's caption, else its first answer, with a brief-description instruction)")
  Path alignment;

  @Option(names = "--steps", defaultValue = "150", description = "stage-2 steps; default ${DEFAULT-VALUE}")
  int steps;

  @Option(names = "--stage1-steps", defaultValue = "40", description = "stage-1 steps; default ${DEFAULT-VALUE}")
  int stage1Steps;

  @Option(names = "--batch-size", defaultValue = "16", description = "batch size; default ${DEFAULT-VALUE}")
  int batchSize;

  @Option(names = "--seed", defaultValue = "42", description = "seed; default ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--overwrite", description = "replace a previous tiny run in --out")
  boolean overwrite;

  @Option(names = "--threads", defaultValue = "1", description = "PyTorch CPU threads (set before "
      + "the engine starts; one is fastest on a busy machine); default ${DEFAULT-VALUE}")
  int threads;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      // Only effective before DJL's PyTorch engine first loads in this process.
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    List<InstructionSample> samples = LlavaJson.read(data);
    if (samples.isEmpty()) {
      throw new InvalidDataException(data.toString(), 0, null, "holds no records");
    }
    Path align = alignment != null ? alignment : writeAlignment(samples);
    TinyLlavaTuningRunner runner = new TinyLlavaTuningRunner();
    TuningListener printer = new TuningListener() {
      @Override
      public void onProgress(TuningProgress p) {
        w.println(JobFollower.format(p));
        w.flush();
      }
    };
    w.println("stage 1: alignment (projector only) on " + align);
    TuningResult s1 = runner.run(job(1, align, "", "stage1", stage1Steps), printer);
    w.println(String.format(Locale.ROOT, "stage 1 loss %.4f -> %.4f",
        s1.metrics().get("initial_loss"), s1.metrics().get("final_loss")));
    w.println("stage 2: instruction tuning (projector + language model) on " + data);
    TuningResult s2 = runner.run(job(2, data, out.resolve("stage1").toString(), "stage2", steps),
        printer);
    w.println(String.format(Locale.ROOT, "stage 2 loss %.4f -> %.4f in %.1f s",
        s2.metrics().get("initial_loss"), s2.metrics().get("final_loss"),
        s2.metrics().get("train_runtime")));
    InstructionSample first = samples.get(0);
    String question = first.conversation().turns().get(0).text()
        .replace(Conversation.IMAGE_TOKEN, "").trim();
    try (TinyLlavaChatModel model = TinyLlavaChatModel.load(out.resolve("stage2"))) {
      String answer = model.chat(question, ImageRef.of(images.resolve(first.image()))).text();
      w.println("Q (" + first.image() + "): " + question);
      w.println("A: " + answer);
    }
    w.println("model: " + out.resolve("stage2"));
    return 0;
  }

  private TuningJob job(int stage, Path file, String base, String dir, int n) {
    TuningJob.Builder b = TuningJob.builder().name("tiny-stage" + stage).stage(stage).data(file)
        .imageFolder(images).outputDir(out.resolve(dir)).baseModel(base)
        .parameter("steps", Integer.toString(n)).parameter("batch_size", Integer.toString(batchSize))
        .parameter("seed", Long.toString(seed)).parameter("logging_steps", "10")
        .parameter("overwrite", Boolean.toString(overwrite))
        .parameter("threads", Integer.toString(threads));
    if (stage == 1) {
      b.parameter("vocabulary_data", data.toAbsolutePath().toString());
    }
    return b.build();
  }

  private Path writeAlignment(List<InstructionSample> samples) {
    Random r = new Random(seed);
    List<InstructionSample> out1 = new ArrayList<>();
    for (InstructionSample s : samples) {
      List<QaPair> pairs = s.conversation().pairs();
      String text = !s.caption().isBlank() ? s.caption()
          : pairs.isEmpty() ? "" : pairs.get(0).answer();
      if (text.isBlank()) {
        continue;
      }
      out1.add(InstructionSample.builder().id("align-" + s.id()).image(s.image())
          .conversation(Conversation.of(AlignmentInstructions.pick(false, r), text)
              .withImageToken(r.nextBoolean())).build());
    }
    Path p = out.resolve("alignment.json");
    LlavaJson.write(p, out1);
    return p;
  }
}
