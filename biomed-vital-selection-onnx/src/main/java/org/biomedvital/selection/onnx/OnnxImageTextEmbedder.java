package org.biomedvital.selection.onnx;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.biomedvital.Experimental;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalException;
import org.biomedvital.VitalIoException;
import org.biomedvital.data.ImageLimits;
import org.biomedvital.data.ImageRef;
import org.biomedvital.internal.Json;
import org.biomedvital.model.Embedder;
import org.biomedvital.model.EmbeddingInput;
import org.biomedvital.selection.embed.Vectors;

/**
 * An image+text embedder from ONNX files in a folder, for BiomedCLIP (or any CLIP-style model)
 * exported to ONNX; {@code docs/selection.md} shows how to export BiomedCLIP.
 *
 * <h2>The folder</h2>
 *
 * <ul>
 *   <li>{@code text.onnx}: inputs among {@code input_ids}, {@code attention_mask}, {@code
 *       token_type_ids} (int64, [batch, tokens]); first output [batch, d_text].
 *   <li>{@code image.onnx} (optional): input {@code pixel_values} (float, [batch, 3, size, size]);
 *       first output [batch, d_image].
 *   <li>{@code tokenizer.json}: the Hugging Face fast-tokenizer file of the text encoder.
 *   <li>{@code embedder.json} (optional): {@code {"id", "context_length" (256), "image_size" (224),
 *       "mean" [3], "std" [3], "pad_to_context_length" (true)}}; the defaults are BiomedCLIP's.
 * </ul>
 *
 * <p>The vector is the L2-normalised text embedding followed by the L2-normalised image embedding;
 * when an input has no image, or the folder has no image model, the image half is zeros (so every
 * vector of one embedder has the same length). Images are resized (shorter side, bicubic) and
 * centre-cropped to {@code image_size}, scaled to [0, 1] and normalised with {@code mean}/{@code
 * std}, as open_clip's preprocessing does.
 *
 * <p>Thread-safe (calls are serialised). Owns native resources: close it.
 */
@Experimental("the model folder layout (text.onnx, image.onnx, config.json) may change")
public final class OnnxImageTextEmbedder implements Embedder, AutoCloseable {
  /** BiomedCLIP's (OpenAI CLIP's) per-channel mean. */
  static final double[] CLIP_MEAN = {0.48145466, 0.4578275, 0.40821073};
  /** BiomedCLIP's (OpenAI CLIP's) per-channel standard deviation. */
  static final double[] CLIP_STD = {0.26862954, 0.26130258, 0.27577711};

  private final Path dir;
  private final String id;
  private final int contextLength;
  private final int imageSize;
  private final double[] mean;
  private final double[] std;
  private final boolean padToContext;
  private final HuggingFaceTokenizer tokenizer;
  private final Model textModel;
  private final Predictor<NDList, NDList> textPredictor;
  private final List<String> textInputs;
  private final Model imageModel;
  private final Predictor<NDList, NDList> imagePredictor;
  private final int textDim;
  private final int imageDim;
  private boolean closed;

  private OnnxImageTextEmbedder(Path dir) {
    this.dir = dir;
    Path textFile = dir.resolve("text.onnx");
    Path tokenizerFile = dir.resolve("tokenizer.json");
    for (Path p : List.of(textFile, tokenizerFile)) {
      if (!Files.isRegularFile(p)) {
        throw new InvalidDataException(p.toString(), 0, null,
            "is missing; an ONNX embedder folder needs text.onnx and tokenizer.json"
                + " (and image.onnx for images); see docs/selection.md on exporting BiomedCLIP");
      }
    }
    JsonNode config = Json.mapper().createObjectNode();
    Path configFile = dir.resolve("embedder.json");
    if (Files.isRegularFile(configFile)) {
      try {
        config = Json.mapper().readTree(configFile.toFile());
      } catch (IOException e) {
        throw new InvalidDataException(configFile.toString(), 0, null,
            "is not valid JSON: " + e.getMessage(), e);
      }
    }
    this.contextLength = config.path("context_length").asInt(256);
    this.imageSize = config.path("image_size").asInt(224);
    this.mean = triple(config.path("mean"), CLIP_MEAN, configFile, "mean");
    this.std = triple(config.path("std"), CLIP_STD, configFile, "std");
    this.padToContext = config.path("pad_to_context_length").asBoolean(true);
    this.id = "onnx:" + config.path("id").asText(dir.getFileName() == null ? dir.toString()
        : dir.getFileName().toString()) + "/" + org.biomedvital.internal.Hashing.sha256Hex(textFile)
        .substring(0, 12);
    Model text = null;
    Model image = null;
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFile, Map.of(
          "maxLength", Integer.toString(contextLength),
          "truncation", "true",
          "padding", "false"));
      text = load("text", textFile);
      this.textModel = text;
      this.textInputs = new ArrayList<>(text.describeInput().keys());
      this.textPredictor = text.newPredictor(new NoopTranslator());
      Path imageFile = dir.resolve("image.onnx");
      if (Files.isRegularFile(imageFile)) {
        image = load("image", imageFile);
        this.imageModel = image;
        this.imagePredictor = image.newPredictor(new NoopTranslator());
      } else {
        this.imageModel = null;
        this.imagePredictor = null;
      }
      this.textDim = runText(List.of("probe"))[0].length;
      this.imageDim = imagePredictor == null ? 0
          : runImages(List.of(new BufferedImage(imageSize, imageSize, BufferedImage.TYPE_INT_RGB)))[0]
              .length;
    } catch (IOException | RuntimeException e) {
      if (text != null) {
        text.close();
      }
      if (image != null) {
        image.close();
      }
      if (e instanceof VitalException) {
        throw (VitalException) e;
      }
      if (e instanceof IOException io) {
        throw new VitalIoException(dir, "cannot load the ONNX embedder in " + dir + ": " + e.getMessage(), io);
      }
      throw new VitalException("cannot load the ONNX embedder in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads the embedder from a folder (see the class documentation for its layout).
   *
   * @throws InvalidDataException when a required file is missing or the configuration is bad
   * @throws VitalException when ONNX Runtime cannot load a model
   */
  public static OnnxImageTextEmbedder load(Path dir) {
    Objects.requireNonNull(dir, "dir == null");
    return new OnnxImageTextEmbedder(dir);
  }

  private static double[] triple(JsonNode n, double[] dflt, Path file, String field) {
    if (n.isMissingNode() || n.isNull()) {
      return dflt.clone();
    }
    if (!n.isArray() || n.size() != 3) {
      throw new InvalidDataException(file.toString(), 0, field, "must be an array of 3 numbers");
    }
    return new double[] {n.get(0).asDouble(), n.get(1).asDouble(), n.get(2).asDouble()};
  }

  private static Model load(String name, Path file) throws IOException {
    OnnxRuntimeCheck.require("the ONNX image+text embedder");
    Model m = Model.newInstance(name, "OnnxRuntime");
    try (InputStream in = Files.newInputStream(file)) {
      m.load(in, Map.of());
      return m;
    } catch (MalformedModelException | RuntimeException e) {
      m.close();
      throw new VitalException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  /** The folder the embedder was loaded from. */
  public Path dir() {
    return dir;
  }

  /** The length of the text half of every vector. */
  public int textDimension() {
    return textDim;
  }

  /** The length of the image half (0 without an image model). */
  public int imageDimension() {
    return imageDim;
  }

  @Override
  public float[] embed(EmbeddingInput input) {
    return embedAll(List.of(input)).get(0);
  }

  @Override
  public synchronized List<float[]> embedAll(List<EmbeddingInput> inputs) {
    if (closed) {
      throw new IllegalStateException("embedder is closed");
    }
    List<String> texts = new ArrayList<>(inputs.size());
    List<BufferedImage> images = new ArrayList<>();
    List<Integer> withImage = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      texts.add(inputs.get(i).text());
      ImageRef ref = inputs.get(i).image();
      if (ref != null && imagePredictor != null) {
        images.add(decode(ref));
        withImage.add(i);
      }
    }
    float[][] t = inputs.isEmpty() ? new float[0][] : runText(texts);
    float[][] im = images.isEmpty() ? new float[0][] : runImages(images);
    List<float[]> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      float[] v = new float[textDim + imageDim];
      System.arraycopy(Vectors.normaliseInPlace(t[i]), 0, v, 0, textDim);
      out.add(v);
    }
    for (int j = 0; j < withImage.size(); j++) {
      System.arraycopy(Vectors.normaliseInPlace(im[j]), 0, out.get(withImage.get(j)), textDim, imageDim);
    }
    return out;
  }

  private BufferedImage decode(ImageRef ref) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(ImageLimits.check(ref, null).bytes()));
      if (img == null) {
        throw new InvalidDataException(ref.toString(), 0, null,
            "cannot be decoded as an image (Java reads PNG, JPEG, GIF and BMP)");
      }
      return img;
    } catch (IOException e) {
      throw new InvalidDataException(ref.toString(), 0, null, "cannot be read: " + e.getMessage(), e);
    }
  }

  private float[][] runText(List<String> texts) {
    Encoding[] enc = tokenizer.batchEncode(texts);
    int len = 1;
    for (Encoding e : enc) {
      len = Math.max(len, e.getIds().length);
    }
    if (padToContext) {
      len = Math.max(len, contextLength);
    }
    int n = enc.length;
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    long[] types = new long[n * len];
    for (int i = 0; i < n; i++) {
      System.arraycopy(enc[i].getIds(), 0, ids, i * len, enc[i].getIds().length);
      System.arraycopy(enc[i].getAttentionMask(), 0, mask, i * len, enc[i].getIds().length);
      System.arraycopy(enc[i].getTypeIds(), 0, types, i * len, enc[i].getIds().length);
    }
    try (NDManager manager = textModel.getNDManager().newSubManager()) {
      NDList in = TokenInputs.of(manager, textInputs, ids, mask, types, n, len);
      return rows(textPredictor.predict(in), n, "text.onnx");
    } catch (TranslateException e) {
      throw new VitalException("text.onnx in " + dir + " failed: " + e.getMessage(), e);
    }
  }

  private float[][] runImages(List<BufferedImage> images) {
    int n = images.size();
    int plane = imageSize * imageSize;
    float[] pixels = new float[n * 3 * plane];
    for (int i = 0; i < n; i++) {
      BufferedImage img = resizeAndCrop(images.get(i));
      for (int y = 0; y < imageSize; y++) {
        for (int x = 0; x < imageSize; x++) {
          int rgb = img.getRGB(x, y);
          int[] c = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
          for (int ch = 0; ch < 3; ch++) {
            pixels[i * 3 * plane + ch * plane + y * imageSize + x] =
                (float) ((c[ch] / 255.0 - mean[ch]) / std[ch]);
          }
        }
      }
    }
    try (NDManager manager = imageModel.getNDManager().newSubManager()) {
      NDArray a = manager.create(pixels, new Shape(n, 3, imageSize, imageSize));
      a.setName("pixel_values");
      return rows(imagePredictor.predict(new NDList(a)), n, "image.onnx");
    } catch (TranslateException e) {
      throw new VitalException("image.onnx in " + dir + " failed: " + e.getMessage(), e);
    }
  }

  private BufferedImage resizeAndCrop(BufferedImage src) {
    double scale = (double) imageSize / Math.min(src.getWidth(), src.getHeight());
    int w = Math.max(imageSize, (int) Math.round(src.getWidth() * scale));
    int h = Math.max(imageSize, (int) Math.round(src.getHeight() * scale));
    BufferedImage out = new BufferedImage(imageSize, imageSize, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(src, -(w - imageSize) / 2, -(h - imageSize) / 2, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private float[][] rows(NDList output, int n, String what) {
    try (output) {
      NDArray o = output.get(0);
      Shape s = o.getShape();
      if (s.dimension() != 2 || s.get(0) != n) {
        throw new VitalException(what + " in " + dir + " must output [batch, dim] but gave " + s);
      }
      float[] flat = o.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
      int d = (int) s.get(1);
      float[][] r = new float[n][d];
      for (int i = 0; i < n; i++) {
        System.arraycopy(flat, i * d, r[i], 0, d);
      }
      return r;
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      textPredictor.close();
      textModel.close();
      if (imageModel != null) {
        imagePredictor.close();
        imageModel.close();
      }
      tokenizer.close();
    }
  }

  @Override
  public String toString() {
    return "OnnxImageTextEmbedder{" + dir + "}";
  }
}
