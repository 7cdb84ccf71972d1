package org.biomedvital.benchmarks;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.Figure;
import org.biomedvital.data.ImageRoot;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.data.Provenance;
import org.biomedvital.format.Samples;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.internal.Hashing;
import org.biomedvital.journal.Journal;
import org.biomedvital.model.TokenUsage;
import org.biomedvital.pipeline.PipelineListener;
import org.biomedvital.flow.VitalPipeline;

/**
 * What the pipeline machinery costs on top of the work it orchestrates: the generate stage with an
 * instant generator against writing the same samples straight to a journal, and a resumed run whose
 * stages are all complete against hashing its files by hand.
 *
 * <p>Run: {@code java -cp ... org.biomedvital.benchmarks.PipelineBenchmark [figures]}.
 */
public final class PipelineBenchmark {
  private PipelineBenchmark() {}

  /** Prints the figures. */
  public static void main(String[] args) throws IOException {
    int figures = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int candidates = 2;
    Path dir = Files.createTempDirectory("pipeline-bench");
    Path images = Files.createDirectories(dir.resolve("images"));
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < figures; i++) {
      String id = "B" + i + "_F1";
      Files.write(images.resolve(id + ".jpg"), png.toByteArray());
      sb.append("{\"pair_id\":\"").append(id).append("\",\"fig_caption\":\"A synthetic caption number ")
          .append(i).append(" describing a lesion in the right upper zone.\",")
          .append("\"in_text_mention\":[{\"tokens\":\"As shown in Figure 1 .\"}],")
          .append("\"domain\":{\"ct_scan\":true}}\n");
    }
    Path figuresFile = dir.resolve("figures.jsonl");
    Files.writeString(figuresFile, sb.toString());
    String answer = "The image shows a well-circumscribed nodular opacity in the right upper zone, "
        + "about 14 mm across, with smooth margins.";
    VitalPipeline.Builder b = VitalPipeline.builder().outputDir(dir.resolve("run"))
        .figures(figuresFile).images(images).candidatesPerFigure(candidates)
        .generator(r -> new GenerationResult(Conversation.of("What does the image show?", answer),
            TokenUsage.NONE, "", "bench-v1", ""))
        .to(VitalPipeline.GENERATE);

    warmUp(dir, images, answer);
    // Alternate the two, twice, and keep each one's best: the order and the JIT then favour neither.
    double pipelineMs = Double.MAX_VALUE;
    double referenceMs = Double.MAX_VALUE;
    for (int round = 0; round < 2; round++) {
      Path refFile = dir.resolve("reference-" + round + ".jsonl");
      long t1 = System.nanoTime();
      reference(refFile, images, figures, candidates, answer);
      referenceMs = Math.min(referenceMs, (System.nanoTime() - t1) / 1e6);
      deleteTree(dir.resolve("run"));
      long t0 = System.nanoTime();
      b.build().run(PipelineListener.NONE);
      pipelineMs = Math.min(pipelineMs, (System.nanoTime() - t0) / 1e6);
    }

    double resumeMs = Double.MAX_VALUE;
    double hashMs = Double.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      long t2 = System.nanoTime();
      List<String> ran = b.build().run(PipelineListener.NONE);
      resumeMs = Math.min(resumeMs, (System.nanoTime() - t2) / 1e6);
      if (!ran.isEmpty()) {
        throw new IllegalStateException("the resumed run re-ran " + ran);
      }
      long t3 = System.nanoTime();
      Hashing.sha256Hex(figuresFile);
      Hashing.sha256Hex(dir.resolve("run/candidates.jsonl"));
      try (var s = Files.list(images)) {
        s.forEach(p -> {
          try {
            Files.size(p);
          } catch (IOException e) {
            throw new org.biomedvital.VitalIoException(p, "cannot read the size of " + p, e);
          }
        });
      }
      hashMs = Math.min(hashMs, (System.nanoTime() - t3) / 1e6);
    }

    int n = figures * candidates;
    System.out.println("PipelineBenchmark (" + figures + " figures x " + candidates + " candidates = "
        + n + " samples)");
    System.out.println("what | ours | reference (same run) | ratio | target");
    System.out.println(String.format(Locale.ROOT,
        "generate stage, instant generator, best of 2 | %.0f ms (%.1f us/sample) | %.0f ms: same samples built "
            + "and appended to a Journal directly | %.2f | <= 2.0", pipelineMs, 1000 * pipelineMs / n,
        referenceMs, pipelineMs / referenceMs));
    System.out.println(String.format(Locale.ROOT,
        "resumed run, stage complete (skip check), best of 3 | %.0f ms | %.0f ms: SHA-256 of its input "
            + "and output file + image folder listing by hand | %.2f | <= 1.5", resumeMs, hashMs, resumeMs / hashMs));
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  private static void warmUp(Path dir, Path images, String answer) throws IOException {
    reference(dir.resolve("warm.jsonl"), images, 200, 1, answer);
    Files.delete(dir.resolve("warm.jsonl"));
  }

  /** The work without the pipeline: resolve each image, build each sample, append it. */
  private static void reference(Path file, Path images, int figures, int candidates, String answer) {
    ImageRoot root = ImageRoot.of(images);
    try (Journal j = Journal.open(file)) {
      for (int i = 0; i < figures; i++) {
        String id = "B" + i + "_F1";
        Figure f = new Figure(id, "", "", "A synthetic caption number " + i
            + " describing a lesion in the right upper zone.", List.of("As shown in Figure 1 ."),
            java.util.Set.of(org.biomedvital.data.Domain.CT_SCAN), id + ".jpg");
        root.resolve(f.image());
        for (int k = 0; k < candidates; k++) {
          InstructionSample s = InstructionSample.builder().id(id + "#" + k).figure(f)
              .conversation(Conversation.of("What does the image show?", answer))
              .provenance(new Provenance("bench", "", "bench-v1", List.of(), k, k)).build();
          j.append(s.id(), Samples.toJson(s));
        }
      }
    }
  }
}
