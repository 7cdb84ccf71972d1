package org.biomedvital.selection.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes tiny ONNX graphs by hand (protobuf wire format), so tests can run an ONNX embedder without
 * shipping or exporting a model.
 */
final class TinyOnnx {
  static final int FLOAT = 1;
  static final int INT64 = 7;

  private TinyOnnx() {}

  /** text.onnx: input_ids [b, t] -> sum over tokens s [b, 1] -> s * a + c [b, 4]. */
  static byte[] textModel(float[] a, float[] c) {
    Msg graph = new Msg()
        .msg(1, node("Cast", new String[] {"input_ids"}, "f", new Msg().str(1, "to").i64(3, FLOAT).i64(20, 2)))
        .msg(1, node("ReduceSum", new String[] {"f"}, "s",
            new Msg().str(1, "axes").i64(8, 1).i64(20, 7), new Msg().str(1, "keepdims").i64(3, 1).i64(20, 2)))
        .msg(1, node("Mul", new String[] {"s", "a"}, "m"))
        .msg(1, node("Add", new String[] {"m", "c"}, "text_embeds"))
        .str(2, "tiny-text")
        .msg(5, tensor("a", new long[] {1, 4}, a))
        .msg(5, tensor("c", new long[] {1, 4}, c))
        .msg(11, valueInfo("input_ids", INT64, "batch", "tokens"))
        .msg(12, valueInfo("text_embeds", FLOAT, "batch", null, 4));
    return model(graph);
  }

  /** image.onnx: pixel_values [b, 3, h, w] -> channel means [b, 3] -> matmul w [3, 4]. */
  static byte[] imageModel(float[] w) {
    Msg graph = new Msg()
        .msg(1, node("ReduceMean", new String[] {"pixel_values"}, "p",
            new Msg().str(1, "axes").i64(8, 2).i64(8, 3).i64(20, 7),
            new Msg().str(1, "keepdims").i64(3, 0).i64(20, 2)))
        .msg(1, node("MatMul", new String[] {"p", "w"}, "image_embeds"))
        .str(2, "tiny-image")
        .msg(5, tensor("w", new long[] {3, 4}, w))
        .msg(11, valueInfo("pixel_values", FLOAT, "batch", null, 3, 8, 8))
        .msg(12, valueInfo("image_embeds", FLOAT, "batch", null, 4));
    return model(graph);
  }

  private static byte[] model(Msg graph) {
    return new Msg()
        .i64(1, 7)
        .str(2, "biomed-vital-test")
        .msg(7, graph)
        .msg(8, new Msg().str(1, "").i64(2, 11))
        .bytes();
  }

  private static Msg node(String op, String[] inputs, String output, Msg... attributes) {
    Msg n = new Msg();
    for (String in : inputs) {
      n.str(1, in);
    }
    n.str(2, output).str(3, op + "_" + output).str(4, op);
    for (Msg a : attributes) {
      n.msg(5, a);
    }
    return n;
  }

  private static Msg tensor(String name, long[] dims, float[] values) {
    Msg t = new Msg();
    for (long d : dims) {
      t.i64(1, d);
    }
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return t.i64(2, FLOAT).str(8, name).raw(9, b.array());
  }

  /** A tensor value: the first dimension symbolic, then fixed ones ({@code second} symbolic if set). */
  private static Msg valueInfo(String name, int type, String first, String second, long... fixed) {
    Msg shape = new Msg().msg(1, new Msg().str(2, first));
    if (second != null) {
      shape.msg(1, new Msg().str(2, second));
    }
    for (long f : fixed) {
      shape.msg(1, new Msg().i64(1, f));
    }
    Msg tensorType = new Msg().i64(1, type).msg(2, shape);
    return new Msg().str(1, name).msg(2, new Msg().msg(1, tensorType));
  }

  /** A protobuf message under construction. */
  static final class Msg {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Msg i64(int field, long v) {
      varint((long) field << 3);
      varint(v);
      return this;
    }

    Msg str(int field, String s) {
      return raw(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Msg msg(int field, Msg m) {
      return raw(field, m.bytes());
    }

    Msg raw(int field, byte[] b) {
      varint(((long) field << 3) | 2);
      varint(b.length);
      out.writeBytes(b);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
