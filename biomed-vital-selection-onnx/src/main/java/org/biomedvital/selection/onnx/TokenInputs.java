package org.biomedvital.selection.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Builds a BERT-style text model's inputs by name: ids, attention mask, token types. */
final class TokenInputs {
  private TokenInputs() {}

  /** One {@code [rows, len]} int64 array per input name, in the model's order. */
  static NDList of(NDManager manager, List<String> names, long[] ids, long[] mask, long[] types, int rows,
      int len) {
    Shape shape = new Shape(rows, len);
    NDList in = new NDList();
    for (String name : names) {
      NDArray a = name.contains("mask") ? manager.create(mask, shape)
          : name.contains("type") ? manager.create(types, shape) : manager.create(ids, shape);
      a.setName(name);
      in.add(a);
    }
    return in;
  }
}
