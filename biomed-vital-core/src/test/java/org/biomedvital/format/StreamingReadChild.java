package org.biomedvital.format;

import java.nio.file.Path;

/**
 * The child process of {@link StreamingMemoryTest}: reads a file with a small heap and prints the
 * record count and problem count.
 */
public final class StreamingReadChild {
  private StreamingReadChild() {}

  /** Arguments: kind (llava or pmc), file. */
  public static void main(String[] args) {
    Path file = Path.of(args[1]);
    RecordReader<?> reader = args[0].equals("llava")
        ? LlavaInstructions.reader(file, ReadMode.LENIENT)
        : PmcFigures.reader(file, ReadMode.LENIENT);
    long n = 0;
    try (reader) {
      while (reader.hasNext()) {
        reader.next();
        n++;
      }
    }
    System.out.println("records " + n + " problems " + reader.problems().size());
  }
}
