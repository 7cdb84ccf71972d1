package org.example.consumer;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.biomedvital.data.Conversation;
import org.biomedvital.generation.GenerationResult;
import org.biomedvital.generation.InstructionGenerator;
import org.biomedvital.model.TokenUsage;
import org.biomedvital.pipeline.PipelineListener;
import org.biomedvital.flow.VitalPipeline;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;

/**
 * An application's own flow: its figures, a lambda {@link InstructionGenerator}, the library's
 * heuristic judge and top-fraction selector, and its own scorer found by name through
 * {@code META-INF/services}, run by {@link VitalPipeline} up to the LLaVA-Med training file.
 */
public final class ConsumerFlow {
  /** Figures written by {@link #writeFigures}. */
  public static final int FIGURES = 4;

  private ConsumerFlow() {}

  /**
   * Runs the flow into {@code workDir/run}; returns the stages that ran. {@code generatorCalls}
   * counts the lambda generator's calls.
   */
  public static List<String> run(Path workDir, AtomicInteger generatorCalls) {
    Path figures = writeFigures(workDir.resolve("input"));
    InstructionGenerator generator = request -> {
      generatorCalls.incrementAndGet();
      String answer = request.candidateIndex() == 0
          ? "The figure shows " + request.figure().caption().toLowerCase(Locale.ROOT)
          : "Unclear.";
      return new GenerationResult(Conversation.of("What does the figure show?", answer),
          TokenUsage.NONE, "consumer-lambda", "consumer-template-v1", "");
    };
    return VitalPipeline.builder()
        .figures(figures).images(workDir.resolve("input/images"))
        .generator(generator).candidatesPerFigure(2)
        .judge(Providers.preferenceJudge("heuristic", ProviderSettings.EMPTY))
        .scorer(Providers.selectionScorer(AnswerLengthScorerProvider.NAME,
            ProviderSettings.of("cap", "20")))
        .selector(Providers.selector("top-fraction", ProviderSettings.of("fraction", "0.5")))
        .to(VitalPipeline.EXPORT)
        .outputDir(workDir.resolve("run"))
        .build()
        .run(PipelineListener.NONE);
  }

  /** Writes {@link #FIGURES} PMC-style figure records and their images; returns the records file. */
  public static Path writeFigures(Path dir) {
    try {
      Path images = Files.createDirectories(dir.resolve("images"));
      String[] domains = {"chest_xray", "mri", "ct_scan", "histology"};
      StringBuilder json = new StringBuilder("[\n");
      for (int i = 0; i < FIGURES; i++) {
        String id = "2000" + i + "_F1";
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        image.setRGB(i, i, Color.WHITE.getRGB());
        ImageIO.write(image, "png", images.resolve(id + ".png").toFile());
        json.append(i == 0 ? "" : ",\n").append("{\"pair_id\": \"").append(id)
            .append("\", \"pmid\": \"2000").append(i).append("\", \"fig_label\": \"Figure 1\", ")
            .append("\"image\": \"").append(id).append(".png\", ")
            .append("\"fig_caption\": \"A bright focal lesion in the ").append(domains[i])
            .append(" image of case ").append(i).append("\", ")
            .append("\"in_text_mention\": [{\"tokens\": \"As shown in Figure 1 .\"}], ")
            .append("\"domain\": {\"").append(domains[i]).append("\": true}}");
      }
      Path figures = dir.resolve("figures.json");
      Files.writeString(figures, json.append("\n]\n").toString());
      return figures;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the consumer's figures under " + dir, e);
    }
  }
}
