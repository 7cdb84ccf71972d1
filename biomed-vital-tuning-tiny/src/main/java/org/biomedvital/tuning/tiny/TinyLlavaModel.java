package org.biomedvital.tuning.tiny;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.biomedvital.InvalidDataException;
import org.biomedvital.VitalIoException;
import org.biomedvital.data.Role;
import org.biomedvital.data.Turn;
import org.biomedvital.internal.Json;
import org.biomedvital.io.AtomicFiles;

/**
 * A small LLaVA-style vision-language model written with DJL's NDArray operations on the PyTorch
 * engine: a convolutional image encoder, an MLP projector that maps visual features to language
 * model embeddings, and a causal transformer language model.
 *
 * <p>The visual tokens come first in the sequence (LLaVA's {@code <image>\n} prefix placement),
 * followed by the conversation: {@code <bos>}, then per turn {@code <human>} question or {@code
 * <gpt>} answer {@code <eos>}. Parameters are grouped by name prefix: {@code vision.}, {@code
 * projector.} and {@code lm.}; training freezes groups by prefix.
 *
 * <p>Not thread-safe for training; {@link #generate} is synchronized. Owns native memory: close
 * it.
 *
 * <p>One class of over 400 lines on purpose: initialisation, the forward pass, decoding and the
 * parameter file all work on the same private name-to-array map, which a split would expose.
 */
final class TinyLlavaModel implements AutoCloseable {
  static final String PARAMS_FILE = "params.bin";
  static final String CONFIG_FILE = "config.json";
  static final String VOCAB_FILE = "vocab.json";
  private static final int MAGIC = 0x42565431; // "BVT1"

  private final TinyLlavaConfig config;
  private final TinyTokenizer tokenizer;
  private final NDManager manager;
  private final Map<String, NDArray> params = new LinkedHashMap<>();

  private TinyLlavaModel(TinyLlavaConfig config, TinyTokenizer tokenizer) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer == null");
    this.manager = PyTorchNatives.engine().newBaseManager(Device.cpu());
  }

  /** A freshly initialised model (weights drawn from a seeded Java {@link Random}). */
  public static TinyLlavaModel create(TinyLlavaConfig config, TinyTokenizer tokenizer, long seed) {
    TinyLlavaModel m = new TinyLlavaModel(config, tokenizer);
    m.initialise(new Random(seed));
    return m;
  }

  private void initialise(Random r) {
    int d = config.hiddenSize();
    int vd = config.visionDim();
    int v = tokenizer.size();
    conv("vision.conv1", 16, 3, r);
    conv("vision.conv2", 32, 16, r);
    conv("vision.conv3", vd, 32, r);
    linear("projector.fc1", d, vd, 0.02f, r);
    linear("projector.fc2", d, d, 0.02f, r);
    put("lm.tok", normal(r, 0.02f, v, d), v, d);
    put("lm.pos", normal(r, 0.02f, config.visualTokens() + config.maxTextTokens(), d),
        config.visualTokens() + config.maxTextTokens(), d);
    float outStd = (float) (0.02 / Math.sqrt(2.0 * config.layers()));
    for (int l = 0; l < config.layers(); l++) {
      String p = "lm.l" + l + ".";
      norm(p + "ln1", d);
      linear(p + "qkv", 3 * d, d, 0.02f, r);
      linear(p + "out", d, d, outStd, r);
      norm(p + "ln2", d);
      linear(p + "fc1", 4 * d, d, 0.02f, r);
      linear(p + "fc2", d, 4 * d, outStd, r);
    }
    norm("lm.lnf", d);
    linear("lm.head", v, d, 0.02f, r);
  }

  private void conv(String name, int out, int in, Random r) {
    float std = (float) Math.sqrt(2.0 / (in * 9));
    put(name + ".w", normal(r, std, out * in * 9), out, in, 3, 3);
    put(name + ".b", new float[out], out);
  }

  private void linear(String name, int out, int in, float std, Random r) {
    put(name + ".w", normal(r, std, out * in), out, in);
    put(name + ".b", new float[out], out);
  }

  private void norm(String name, int d) {
    float[] ones = new float[d];
    java.util.Arrays.fill(ones, 1f);
    put(name + ".g", ones, d);
    put(name + ".b", new float[d], d);
  }

  private static float[] normal(Random r, float std, int... dims) {
    int n = 1;
    for (int x : dims) {
      n *= x;
    }
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * std);
    }
    return a;
  }

  private void put(String name, float[] values, long... shape) {
    NDArray a = manager.create(values, new Shape(shape));
    a.setName(name);
    params.put(name, a);
  }

  /** The configuration. */
  public TinyLlavaConfig config() {
    return config;
  }

  /** The tokenizer. */
  public TinyTokenizer tokenizer() {
    return tokenizer;
  }

  /** The parameters by name, in a stable order (live arrays: do not close them). */
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(params);
  }

  /** The number of scalar parameters whose name starts with {@code prefix} ("" for all). */
  public long parameterCount(String prefix) {
    return params.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(e -> e.getValue().size()).sum();
  }

  /** A copy of every parameter's values by name (to compare before and after training). */
  public Map<String, float[]> snapshot() {
    Map<String, float[]> out = new LinkedHashMap<>();
    params.forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }

  NDManager manager() {
    return manager;
  }

  /**
   * Logits over the vocabulary for every text position: images {@code (B, 3, S, S)} and token ids
   * {@code (B, T)} give {@code (B, T, V)}. Intermediate arrays belong to {@code step}'s manager.
   */
  NDArray forward(NDManager step, NDArray images, NDArray ids) {
    int d = config.hiddenSize();
    long batch = ids.getShape().get(0);
    long t = ids.getShape().get(1);
    int p = config.visualTokens();
    Shape two = new Shape(2, 2);
    Shape one = new Shape(1, 1);
    NDArray x = Activation.relu(
        Conv2d.conv2d(images, w("vision.conv1.w"), w("vision.conv1.b"), two, one).head());
    x = Activation.relu(Conv2d.conv2d(x, w("vision.conv2.w"), w("vision.conv2.b"), two, one).head());
    x = Activation.relu(Conv2d.conv2d(x, w("vision.conv3.w"), w("vision.conv3.b"), two, one).head());
    NDArray visual = x.reshape(batch, config.visionDim(), p).transpose(0, 2, 1);
    NDArray proj = Activation.gelu(linear(visual, "projector.fc1"));
    proj = linear(proj, "projector.fc2");
    NDArray text = ids.oneHot(tokenizer.size()).matMul(w("lm.tok"));
    NDArray h = NDArrays.concat(new NDList(proj, text), 1);
    NDArray pos = w("lm.pos").get(new NDIndex("0:{}", p + t));
    pos.attach(step);
    h = h.add(pos);
    long len = p + t;
    NDArray mask = causalMask(step, (int) len);
    int heads = config.heads();
    int hd = d / heads;
    for (int l = 0; l < config.layers(); l++) {
      String pre = "lm.l" + l + ".";
      NDArray a = layerNorm(h, pre + "ln1");
      NDArray qkv = linear(a, pre + "qkv");
      NDList parts = qkv.split(3, 2);
      NDArray q = parts.get(0).reshape(batch, len, heads, hd).transpose(0, 2, 1, 3);
      NDArray k = parts.get(1).reshape(batch, len, heads, hd).transpose(0, 2, 1, 3);
      NDArray v = parts.get(2).reshape(batch, len, heads, hd).transpose(0, 2, 1, 3);
      NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(hd)).add(mask);
      NDArray att = scores.softmax(3).matMul(v).transpose(0, 2, 1, 3).reshape(batch, len, d);
      h = h.add(linear(att, pre + "out"));
      NDArray m = layerNorm(h, pre + "ln2");
      m = linear(Activation.gelu(linear(m, pre + "fc1")), pre + "fc2");
      h = h.add(m);
    }
    h = layerNorm(h, "lm.lnf");
    NDArray textHidden = h.get(new NDIndex(":, {}:, :", p));
    return linear(textHidden, "lm.head");
  }

  private NDArray w(String name) {
    NDArray a = params.get(name);
    if (a == null) {
      throw new IllegalStateException("no parameter " + name);
    }
    return a;
  }

  private NDArray linear(NDArray x, String name) {
    return Linear.linear(x, w(name + ".w"), w(name + ".b")).head();
  }

  private NDArray layerNorm(NDArray x, String name) {
    return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), w(name + ".g"), w(name + ".b"),
        1e-5f).head();
  }

  private static NDArray causalMask(NDManager step, int len) {
    float[] m = new float[len * len];
    for (int i = 0; i < len; i++) {
      for (int j = i + 1; j < len; j++) {
        m[i * len + j] = -1e9f;
      }
    }
    return step.create(m, new Shape(len, len));
  }

  /** A serialised conversation: token ids and, per id, whether the loss supervises it. */
  record Encoded(int[] ids, boolean[] supervised) {}

  /**
   * Serialises turns as {@code <bos>} then {@code <human>} q / {@code <gpt>} a {@code <eos>}, with
   * {@code <image>} removed (the visual tokens always come first). Only assistant tokens and their
   * {@code <eos>} are supervised. Cut to {@code maxTextTokens}.
   */
  Encoded encode(List<Turn> turns) {
    List<Integer> ids = new ArrayList<>();
    List<Boolean> sup = new ArrayList<>();
    ids.add(tokenizer.id(TinyTokenizer.BOS));
    sup.add(false);
    for (Turn turn : turns) {
      boolean gpt = turn.role() == Role.GPT;
      ids.add(tokenizer.id(gpt ? TinyTokenizer.GPT : TinyTokenizer.HUMAN));
      sup.add(false);
      for (int id : tokenizer.encode(turn.text().replace("<image>", " "))) {
        ids.add(id);
        sup.add(gpt);
      }
      if (gpt) {
        ids.add(tokenizer.id(TinyTokenizer.EOS));
        sup.add(true);
      }
    }
    int n = Math.min(ids.size(), config.maxTextTokens());
    int[] a = new int[n];
    boolean[] s = new boolean[n];
    for (int i = 0; i < n; i++) {
      a[i] = ids.get(i);
      s[i] = sup.get(i);
    }
    return new Encoded(a, s);
  }

  /**
   * Greedy decoding: the answer to the last human turn of {@code turns} about {@code image} (CHW
   * floats from the model's preprocessing), at most {@code maxNewTokens} tokens.
   */
  synchronized GenerationResult generate(float[] image, List<Turn> turns, int maxNewTokens) {
    Encoded prompt = encode(turns);
    List<Integer> ids = new ArrayList<>();
    for (int id : prompt.ids()) {
      ids.add(id);
    }
    ids.add(tokenizer.id(TinyTokenizer.GPT));
    int promptLen = ids.size();
    int eos = tokenizer.id(TinyTokenizer.EOS);
    List<Integer> out = new ArrayList<>();
    String finish = "length";
    int s = config.imageSize();
    try (NDManager step = manager.newSubManager()) {
      NDArray img = step.create(image, new Shape(1, 3, s, s));
      while (out.size() < maxNewTokens && ids.size() < config.maxTextTokens()) {
        try (NDManager inner = step.newSubManager()) {
          long[] arr = ids.stream().mapToLong(Integer::longValue).toArray();
          NDArray idArr = inner.create(arr, new Shape(1, arr.length));
          NDArray logits = forward(inner, img, idArr);
          int next = (int) logits.get(new NDIndex("0, -1, :")).argMax().getLong();
          if (next == eos) {
            finish = "stop";
            break;
          }
          ids.add(next);
          out.add(next);
        }
      }
    }
    return new GenerationResult(tokenizer.decode(out), promptLen, out.size(), finish);
  }

  /** What {@link #generate} produced. */
  record GenerationResult(String text, int promptTokens, int newTokens, String finishReason) {}

  /**
   * Saves parameters, vocabulary and config into {@code dir} (created if needed), each file
   * written to a temporary sibling and moved into place, parameters first and {@code config.json}
   * last, so a crash never leaves a half-written file. Other files in {@code dir} (checkpoint
   * folders) are left alone.
   *
   * @param extra fields added to {@code config.json} (stage, step)
   */
  public void save(Path dir, Map<String, Object> extra) {
    AtomicFiles.write(dir.resolve(PARAMS_FILE), raw -> {
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
      out.writeInt(MAGIC);
      out.writeInt(params.size());
      for (Map.Entry<String, NDArray> e : params.entrySet()) {
        out.writeUTF(e.getKey());
        long[] shape = e.getValue().getShape().getShape();
        out.writeInt(shape.length);
        for (long x : shape) {
          out.writeLong(x);
        }
        for (float f : e.getValue().toFloatArray()) {
          out.writeFloat(f);
        }
      }
      out.flush();
    });
    tokenizer.save(dir.resolve(VOCAB_FILE));
    ObjectNode cfg = config.toJson();
    new java.util.TreeMap<>(extra).forEach((k, v) -> cfg.set(k, Json.mapper().valueToTree(v)));
    AtomicFiles.writeString(dir.resolve(CONFIG_FILE), cfg.toPrettyString());
  }

  /**
   * Loads a model saved by {@link #save}.
   *
   * @throws InvalidDataException when {@code dir} is not a tiny-model checkpoint
   */
  public static TinyLlavaModel load(Path dir) {
    Path params = dir.resolve(PARAMS_FILE);
    if (!Files.isRegularFile(params)) {
      throw new InvalidDataException(dir.toString(), 0, null,
          "holds no " + PARAMS_FILE + "; point at a folder written by the tiny runner "
              + "(its output folder or a checkpoint-N folder)");
    }
    TinyLlavaConfig config = TinyLlavaConfig.fromJson(readConfig(dir));
    TinyLlavaModel m = new TinyLlavaModel(config, TinyTokenizer.load(dir.resolve(VOCAB_FILE)));
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(params)))) {
      if (in.readInt() != MAGIC) {
        throw new InvalidDataException(params.toString(), 0, null,
            "is not a tiny-model parameter file (bad magic number)");
      }
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        long[] shape = new long[in.readInt()];
        int size = 1;
        for (int j = 0; j < shape.length; j++) {
          shape[j] = in.readLong();
          size *= (int) shape[j];
        }
        float[] values = new float[size];
        for (int j = 0; j < size; j++) {
          values[j] = in.readFloat();
        }
        m.put(name, values, shape);
      }
    } catch (EOFException | UTFDataFormatException e) {
      m.close();
      throw new InvalidDataException(params.toString(), 0, null,
          "is truncated or unreadable: " + e.getMessage(), e);
    } catch (IOException e) {
      m.close();
      throw new VitalIoException(params, "cannot read " + params + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    return m;
  }

  /**
   * Reads {@code config.json} of a checkpoint folder.
   *
   * @throws InvalidDataException when it is missing or not JSON
   * @throws VitalIoException when it cannot be read
   */
  static JsonNode readConfig(Path dir) {
    Path file = dir.resolve(CONFIG_FILE);
    try {
      return Json.mapper().readTree(Files.readString(file));
    } catch (NoSuchFileException | JacksonException | CharacterCodingException e) {
      throw new InvalidDataException(file.toString(), 0, null, "cannot be read: " + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new VitalIoException(file, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** A float copy of an array in a given type (for tests and diagnostics). */
  static float[] floats(NDArray a) {
    return a.toType(DataType.FLOAT32, false).toFloatArray();
  }

  @Override
  public void close() {
    manager.close();
  }
}
