package org.biomedvital.tuning.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One optimisation step of {@link TinyLlavaTuningRunner}: the masked next-token loss over a batch,
 * its gradients, clipping at global norm 1 and an Adam update of the trainable parameters.
 */
final class TinyTrainingStep {
  private TinyTrainingStep() {}

  /** One prepared training example: CHW image floats, token ids, which ids the loss covers. */
  record Example(float[] image, int[] ids, boolean[] supervised) {}

  /**
   * Runs one step on {@code batch} and returns its loss.
   *
   * @param moments each trainable parameter's Adam first and second moments, updated in place
   * @param t the 1-based step number (for Adam's bias correction)
   */
  static float step(TinyLlavaModel model, List<Example> batch,
      Map<String, NDArray> trainable, Map<String, NDArray[]> moments, double lr, long t, int vocab,
      int size) {
    int b = batch.size();
    int len = batch.stream().mapToInt(e -> e.ids().length).max().orElse(2);
    float[] img = new float[b * 3 * size * size];
    long[] ids = new long[b * len];
    float[] mask = new float[b * (len - 1)];
    for (int i = 0; i < b; i++) {
      Example e = batch.get(i);
      System.arraycopy(e.image(), 0, img, i * 3 * size * size, e.image().length);
      for (int j = 0; j < len; j++) {
        ids[i * len + j] = j < e.ids().length ? e.ids()[j] : 0;
        if (j > 0) {
          mask[i * (len - 1) + j - 1] = j < e.ids().length && e.supervised()[j] ? 1f : 0f;
        }
      }
    }
    try (NDManager step = model.manager().newSubManager()) {
      NDArray images = step.create(img, new Shape(b, 3, size, size));
      NDArray idArr = step.create(ids, new Shape(b, len));
      NDArray maskArr = step.create(mask, new Shape(b, len - 1));
      NDArray loss;
      try (GradientCollector gc = PyTorchNatives.engine().newGradientCollector()) {
        NDArray logits = model.forward(step, images, idArr);
        NDArray logp = logits.get(new NDIndex(":, :-1, :")).logSoftmax(2);
        NDArray target = idArr.get(new NDIndex(":, 1:")).oneHot(vocab);
        NDArray nll = logp.mul(target).sum(new int[] {2}).neg();
        loss = nll.mul(maskArr).sum().div(maskArr.sum());
        gc.backward(loss);
      }
      float value = loss.getFloat();
      List<NDArray> grads = new ArrayList<>();
      double sq = 0;
      for (NDArray w : trainable.values()) {
        NDArray g = w.getGradient();
        g.attach(step);
        grads.add(g);
        sq += g.square().sum().getFloat();
      }
      double scale = Math.min(1.0, 1.0 / (Math.sqrt(sq) + 1e-6));
      double b1 = 0.9;
      double b2 = 0.999;
      double bc1 = 1 - Math.pow(b1, t);
      double bc2 = 1 - Math.pow(b2, t);
      int i = 0;
      for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
        NDArray w = e.getValue();
        NDArray g = grads.get(i++);
        NDArray[] mv = moments.get(e.getKey());
        NDArray gs = g.mul(scale);
        mv[0].muli(b1).addi(gs.mul(1 - b1));
        mv[1].muli(b2).addi(gs.square().mul(1 - b2));
        NDArray mHat = mv[0].div(bc1);
        mHat.attach(step);
        NDArray vHat = mv[1].div(bc2);
        vHat.attach(step);
        // Update through a detached view sharing the parameter's storage: autograd forbids
        // in-place changes of a leaf that requires grad when grad mode is on (the default in any
        // thread other than the one that started the engine).
        NDArray data = w.stopGradient();
        data.attach(step);
        data.subi(mHat.div(vHat.sqrt().add(1e-8)).mul(lr));
        g.muli(0);
      }
      return value;
    }
  }
}
