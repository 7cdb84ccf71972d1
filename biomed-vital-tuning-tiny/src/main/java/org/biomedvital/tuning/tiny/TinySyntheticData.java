package org.biomedvital.tuning.tiny;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.biomedvital.Experimental;
import org.biomedvital.VitalIoException;
import org.biomedvital.data.Conversation;
import org.biomedvital.data.InstructionSample;
import org.biomedvital.tuning.llava.AlignmentInstructions;
import org.biomedvital.tuning.llava.LlavaJson;

/**
 * A small synthetic LLaVA data set for the tiny model: PNG images of one coloured shape each, a
 * stage-1 alignment file (description instruction + caption) and a stage-2 instruction file (two
 * questions about colour and shape). Deterministic for a seed.
 */
@Experimental("the tiny model's architecture, hyper-parameters and checkpoint format may change")
public final class TinySyntheticData {
  /** The colours drawn. */
  public static final List<String> COLORS = List.of("red", "green", "blue", "yellow");
  /** The shapes drawn. */
  public static final List<String> SHAPES = List.of("circle", "square", "triangle");

  private static final Color[] RGB = {
    new Color(220, 30, 30), new Color(30, 200, 40), new Color(40, 60, 230), new Color(230, 220, 30)
  };

  /**
   * The written set.
   *
   * @param alignment the stage-1 JSON
   * @param instructions the stage-2 JSON
   * @param images the image folder
   */
  public record SyntheticSet(Path alignment, Path instructions, Path images) {}

  private TinySyntheticData() {}

  /** Writes {@code count} images under {@code dir/images} and the two JSON files into {@code dir}. */
  public static SyntheticSet write(Path dir, int count, long seed) {
    Random r = new Random(seed);
    Path images = dir.resolve("images");
    List<InstructionSample> align = new ArrayList<>();
    List<InstructionSample> instruct = new ArrayList<>();
    try {
      Files.createDirectories(images);
      for (int i = 0; i < count; i++) {
        int c = r.nextInt(COLORS.size());
        int s = r.nextInt(SHAPES.size());
        String name = String.format(Locale.ROOT, "synthetic_%04d.png", i);
        ImageIO.write(draw(c, s, r), "png", images.resolve(name).toFile());
        String color = COLORS.get(c);
        String shape = SHAPES.get(s);
        String caption = "a " + color + " " + shape + " on a dark background.";
        align.add(InstructionSample.builder().id("align-" + i).image(name)
            .conversation(Conversation.of(AlignmentInstructions.pick(r.nextBoolean(), r), caption)
                .withImageToken(r.nextBoolean()))
            .build());
        instruct.add(InstructionSample.builder().id("instruct-" + i).image(name)
            .conversation(Conversation.of(
                "What color is the shape in the image?", "The shape is " + color + ".",
                "Which shape is shown?", "It is a " + shape + ".")
                .withImageToken(r.nextBoolean()))
            .caption(caption)
            .build());
      }
    } catch (IOException e) {
      throw new VitalIoException(dir, "cannot write synthetic data to " + dir + ": " + e, e);
    }
    Path a = dir.resolve("alignment.json");
    Path b = dir.resolve("instructions.json");
    LlavaJson.write(a, align);
    LlavaJson.write(b, instruct);
    return new SyntheticSet(a, b, images);
  }

  /** Draws one shape of colour {@code c} and kind {@code s} at a random place and size. */
  static BufferedImage draw(int c, int s, Random r) {
    int size = 64;
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(new Color(10 + r.nextInt(20), 10 + r.nextInt(20), 10 + r.nextInt(20)));
      g.fillRect(0, 0, size, size);
      g.setColor(RGB[c]);
      int w = 24 + r.nextInt(20);
      int x = r.nextInt(size - w);
      int y = r.nextInt(size - w);
      switch (s) {
        case 0:
          g.fillOval(x, y, w, w);
          break;
        case 1:
          g.fillRect(x, y, w, w);
          break;
        default:
          g.fillPolygon(new int[] {x, x + w / 2, x + w}, new int[] {y + w, y, y + w}, 3);
          break;
      }
    } finally {
      g.dispose();
    }
    return img;
  }
}
