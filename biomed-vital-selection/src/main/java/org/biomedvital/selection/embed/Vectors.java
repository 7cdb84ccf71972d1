package org.biomedvital.selection.embed;

/** Small float-vector helpers shared by embedders, the scorer and the selectors. */
public final class Vectors {
  private Vectors() {}

  /** Scales {@code v} in place to unit L2 length (left as is when it is all zeros); returns it. */
  public static float[] normaliseInPlace(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    if (norm > 0) {
      float inv = (float) (1.0 / Math.sqrt(norm));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }

  /** The dot product of two vectors of equal length. */
  public static double dot(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "vectors differ in length: " + a.length + " and " + b.length);
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  /** The cosine similarity of two vectors; 0 when either is all zeros. */
  public static double cosine(float[] a, float[] b) {
    double d = dot(a, b);
    double na = Math.sqrt(dot(a, a));
    double nb = Math.sqrt(dot(b, b));
    return na == 0 || nb == 0 ? 0 : d / (na * nb);
  }
}
