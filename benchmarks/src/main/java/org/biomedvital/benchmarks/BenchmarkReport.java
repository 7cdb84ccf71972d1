package org.biomedvital.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs every benchmark main of this package ({@code *Benchmark}: the known ones and any other found
 * on the class path) one after another in this JVM, captures what each prints, and gathers their
 * figures into one table: benchmark, what, our figure, the reference figure measured in the same
 * run, the ratio, the target. A benchmark that is not in the build, fails or runs past its time
 * limit gets a row saying so; each one's full output is kept in a folder named at the end.
 *
 * <p>Run (from the project root):
 *
 * <pre>
 * mvn -q -pl benchmarks -am package dependency:build-classpath \
 *     -Dmdep.outputFile=target/classpath.txt -DskipTests
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *     org.biomedvital.benchmarks.BenchmarkReport --quick
 * </pre>
 *
 * <p>Arguments: {@code --quick} (smaller sizes, a few minutes in all), {@code --only A,B} (simple
 * class names), {@code --timeout S} (seconds per benchmark; default 300 quick, 1800 full),
 * {@code --out DIR} (where the raw outputs go; default a new temporary folder).
 */
public final class BenchmarkReport {
  /** The benchmarks the issues asked for, in report order; any other found is added after. */
  static final List<String> KNOWN = List.of("FormatBenchmark", "GenerationBenchmark",
      "SelectionBenchmark", "SelectionPoolBenchmark", "PreferencesBenchmark", "EvaluationBenchmark", "PipelineBenchmark",
      "TuningBenchmark");

  private static final Map<String, String[]> QUICK_ARGS = Map.of(
      "FormatBenchmark", new String[] {"20000", "2"},
      "GenerationBenchmark", new String[] {"throughput", "langchain4j", "ratelimit",
        "--ratelimit-seconds", "6"},
      "PipelineBenchmark", new String[] {"1000"},
      "SelectionPoolBenchmark", new String[] {"300", "2", "20000"},
      "PreferencesBenchmark", new String[] {"2000"},
      "EvaluationBenchmark", new String[] {"20000"});

  /**
   * Benchmarks without a smaller size that take more than 10 minutes on 2 shared cores: {@code
   * --quick} lists them as skipped (name them with {@code --only} to run them anyway).
   */
  static final Set<String> SLOW = Set.of("SelectionBenchmark");

  private static final Pattern TUNING = Pattern.compile(
      "^(.+?)\\s+ours\\s+(\\S+)\\s+ref\\s+(\\S+)\\s+ratio\\s+(\\S+)\\s*(.*)$");
  private static final Pattern FIXED_HEADER = Pattern.compile("^what\\s+ours\\s+reference\\s+ratio\\s+target");
  private static final Pattern EVAL_HEADER = Pattern.compile("^what\\s+seconds\\s+predictions/s");
  private static final Pattern EVAL_ROW = Pattern.compile(
      "^(.+?)\\s+([0-9.]+)\\s+([0-9]+)\\s*(\\(.*\\))?$");
  private static final Pattern RATIO_LINE = Pattern.compile(
      "^(.*ratio ours / .*?) = ([0-9.]+)(?: \\(target ([^)]*)\\))?(?::\\s*(.*))?$");

  private BenchmarkReport() {}

  /** One line of the report. */
  record Row(String benchmark, String what, String ours, String reference, String ratio,
      String target) {}

  /** Runs the benchmarks and prints the table. */
  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Set<String> only = new LinkedHashSet<>();
    long timeout = -1;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--only" -> only.addAll(List.of(args[++i].split(",")));
        case "--timeout" -> timeout = Long.parseLong(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument '" + args[i]
            + "'; use --quick, --only A,B, --timeout S, --out DIR");
      }
    }
    if (timeout < 0) {
      timeout = quick ? 300 : 1800;
    }
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    out = out == null ? Files.createTempDirectory("benchmark-report") : Files.createDirectories(out);
    PrintStream console = System.out;
    List<Row> rows = new ArrayList<>();
    Map<String, String> times = new LinkedHashMap<>();
    for (String name : discover()) {
      if (!only.isEmpty() && !only.contains(name)) {
        continue;
      }
      if (quick && SLOW.contains(name) && !only.contains(name)) {
        rows.add(new Row(name, "skipped in --quick (no smaller size; over 10 min on 2 shared cores)",
            "-", "-", "-", "run without --quick, or --only " + name));
        continue;
      }
      String[] benchArgs = quick ? QUICK_ARGS.getOrDefault(name, new String[0]) : new String[0];
      System.err.printf(Locale.ROOT, "running %s %s ...%n", name, String.join(" ", benchArgs));
      long t0 = System.nanoTime();
      Result r = runOne(name, benchArgs, timeout);
      double sec = (System.nanoTime() - t0) / 1e9;
      Files.writeString(out.resolve(name + ".txt"), r.output, StandardCharsets.UTF_8);
      times.put(name, String.format(Locale.ROOT, "%.1f s%s", sec, r.problem == null ? ""
          : " (" + r.problem + ")"));
      List<Row> parsed = parse(name, r.output);
      if (r.problem != null && r.problem.startsWith("not present")) {
        rows.add(new Row(name, "not present in this build", "-", "-", "-", "-"));
      } else if (parsed.isEmpty()) {
        rows.add(new Row(name, r.problem != null ? r.problem : "no comparable figures printed",
            "-", "-", "-", "see " + out.resolve(name + ".txt")));
      } else {
        rows.addAll(parsed);
        if (r.problem != null) {
          rows.add(new Row(name, r.problem, "-", "-", "-", "-"));
        }
      }
    }
    System.setOut(console);
    console.println(table(rows, quick));
    console.println("time per benchmark: " + times);
    console.println("raw outputs: " + out);
    console.flush();
    // Some benchmarks leave loopback servers or worker pools behind.
    System.exit(0);
  }

  /** The known benchmarks, then any other {@code *Benchmark} class of this package found. */
  static List<String> discover() {
    Set<String> names = new LinkedHashSet<>(KNOWN);
    try {
      Path where = Path.of(BenchmarkReport.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      String pkg = BenchmarkReport.class.getPackageName().replace('.', '/');
      if (Files.isDirectory(where)) {
        try (Stream<Path> files = Files.list(where.resolve(pkg))) {
          files.map(p -> p.getFileName().toString()).filter(BenchmarkReport::isBenchmarkClass)
              .sorted().forEach(f -> names.add(f.substring(0, f.length() - ".class".length())));
        }
      } else {
        try (JarFile jar = new JarFile(where.toFile())) {
          jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(pkg + "/"))
              .map(n -> n.substring(pkg.length() + 1)).filter(BenchmarkReport::isBenchmarkClass)
              .sorted().forEach(f -> names.add(f.substring(0, f.length() - ".class".length())));
        }
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      System.err.println("cannot list the benchmark classes (" + e + "); running the known ones");
    }
    return new ArrayList<>(names);
  }

  private static boolean isBenchmarkClass(String file) {
    return file.endsWith("Benchmark.class") && !file.contains("$");
  }

  private record Result(String output, String problem) {}

  /** Runs one main with System.out captured; a missing class, a failure or a timeout is noted. */
  private static Result runOne(String name, String[] args, long timeoutSeconds) {
    Method main;
    try {
      // Not initialised yet: a class that keeps System.out in a static field must see the capture.
      Class<?> c = Class.forName(BenchmarkReport.class.getPackageName() + "." + name, false,
          BenchmarkReport.class.getClassLoader());
      main = c.getMethod("main", String[].class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      return new Result("", "not present in this build");
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    String problem = null;
    try {
      CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
        try {
          main.invoke(null, (Object) args);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
          throw new IllegalStateException(e.getCause());
        }
      }, r -> {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
      });
      run.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      problem = "stopped waiting after " + timeoutSeconds + " s";
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof IllegalStateException && e.getCause().getCause() != null
          ? e.getCause().getCause() : e.getCause();
      problem = "failed: " + cause;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
    } finally {
      System.out.flush();
      System.setOut(previous);
    }
    return new Result(buf.toString(StandardCharsets.UTF_8), problem);
  }

  /** Extracts the comparable figures from a benchmark's output, whatever its table style. */
  static List<Row> parse(String bench, String output) {
    List<Row> rows = new ArrayList<>();
    String[] lines = output.split("\\R");
    Map<String, String> mbs = new LinkedHashMap<>();
    int[] fixed = null;
    boolean eval = false;
    for (String line : lines) {
      if (line.isBlank()) {
        fixed = null;
        continue;
      }
      if (line.startsWith("[")) {
        continue; // a log line
      }
      String[] pipes = line.split("\\s\\|\\s", -1);
      if (pipes.length == 5) {
        if (!pipes[0].trim().equals("what")) {
          rows.add(new Row(bench, pipes[0].trim(), pipes[1].trim(), pipes[2].trim(),
              pipes[3].trim(), pipes[4].trim()));
        }
        continue;
      }
      if (pipes.length == 3 && !pipes[0].trim().equals("what")) {
        mbs.put(pipes[0].trim(), pipes[1].trim());
        continue;
      }
      Matcher m = TUNING.matcher(line);
      if (m.matches()) {
        rows.add(new Row(bench, m.group(1).trim(), m.group(2), m.group(3), m.group(4),
            m.group(5).trim()));
        continue;
      }
      if (FIXED_HEADER.matcher(line).find()) {
        int oursEnd = line.indexOf("ours") + 4;
        int refEnd = line.indexOf("reference") + 9;
        int ratioEnd = line.indexOf("ratio") + 5;
        fixed = new int[] {whatColumnEnd(line, oursEnd), oursEnd, refEnd, ratioEnd};
        continue;
      }
      if (fixed != null && line.length() > fixed[3]) {
        // A cell wider than its column pushes the rest right: move each cut to the next space.
        int[] cut = new int[4];
        int from = 0;
        for (int i = 0; i < 4; i++) {
          cut[i] = snap(line, Math.max(fixed[i], from));
          from = cut[i];
        }
        rows.add(new Row(bench, line.substring(0, cut[0]).strip(),
            line.substring(cut[0], cut[1]).strip(), line.substring(cut[1], cut[2]).strip(),
            line.substring(cut[2], cut[3]).strip(), line.substring(cut[3]).strip()));
        continue;
      }
      if (EVAL_HEADER.matcher(line).find()) {
        eval = true;
        continue;
      }
      Matcher e = EVAL_ROW.matcher(line);
      if (eval && e.matches()) {
        rows.add(new Row(bench, e.group(1).trim() + (e.group(4) == null ? "" : " " + e.group(4)),
            e.group(3) + " predictions/s (" + e.group(2) + " s)",
            "LLaVA-Med run_eval.py (Python) not run here", "-",
            ">= 20000/s (100,000 in < 5 s)" + (Double.parseDouble(e.group(3)) >= 20_000 ? ": met"
                : ": NOT MET")));
        continue;
      }
      Matcher r = RATIO_LINE.matcher(line);
      if (r.matches()) {
        boolean cpu = line.contains("CPU");
        boolean tokensOnly = line.contains("tokens only");
        String ours = find(mbs, k -> k.startsWith("our streaming read") && k.contains("CPU") == cpu);
        String ref = find(mbs, k -> k.contains("Jackson") && !k.contains("write")
            && k.contains("CPU") == cpu && k.contains("tokens only") == tokensOnly);
        String target = r.group(3) == null ? "-" : r.group(3) + (r.group(4) == null ? ""
            : ": " + r.group(4).trim());
        rows.add(new Row(bench, r.group(1).trim(), ours == null ? "-" : ours + " MB/s",
            ref == null ? "-" : ref + " MB/s", r.group(2), target));
      }
    }
    String ourWrite = find(mbs, k -> k.startsWith("our streaming write"));
    String refWrite = find(mbs, k -> k.contains("Jackson") && k.contains("write"));
    if (ourWrite != null && refWrite != null) {
      rows.add(new Row(bench, "streaming write (ours / Jackson generator)", ourWrite + " MB/s",
          refWrite + " MB/s", ratio(ourWrite, refWrite), "-"));
    }
    return rows;
  }

  /** The end of the "what" column of a fixed-width table: before the right-aligned ours column. */
  private static int whatColumnEnd(String header, int oursEnd) {
    // GenerationBenchmark's layout: "%-58s %14s ...": the ours cells are right-aligned in 14
    // characters ending where the "ours" label ends.
    int i = header.indexOf("what") + 4;
    return Math.max(i, oursEnd - 15);
  }

  private static int snap(String line, int pos) {
    while (pos > 0 && pos < line.length() && !Character.isWhitespace(line.charAt(pos))
        && !Character.isWhitespace(line.charAt(pos - 1))) {
      pos++;
    }
    return Math.min(pos, line.length());
  }

  private static String ratio(String ours, String ref) {
    try {
      return String.format(Locale.ROOT, "%.2f", Double.parseDouble(ours) / Double.parseDouble(ref));
    } catch (NumberFormatException e) {
      return "-";
    }
  }

  private static String find(Map<String, String> m, java.util.function.Predicate<String> key) {
    return m.entrySet().stream().filter(e -> key.test(e.getKey())).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }

  /** The rows as one aligned table. */
  static String table(List<Row> rows, boolean quick) {
    String[] head = {"benchmark", "what", "ours", "reference (same run)", "ratio", "target"};
    int[] w = new int[head.length];
    List<String[]> cells = new ArrayList<>();
    cells.add(head);
    for (Row r : rows) {
      cells.add(new String[] {r.benchmark().replace("Benchmark", ""), r.what(), r.ours(),
          r.reference(), r.ratio(), r.target()});
    }
    for (String[] c : cells) {
      for (int i = 0; i < c.length; i++) {
        w[i] = Math.max(w[i], Math.min(c[i].length(), i == 1 || i == 3 ? 60 : 40));
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("BenchmarkReport").append(quick ? " (--quick: smaller sizes)" : "").append('\n');
    for (int n = 0; n < cells.size(); n++) {
      String[] c = cells.get(n);
      for (int i = 0; i < c.length; i++) {
        sb.append(i == 0 ? "| " : " | ").append(pad(c[i], w[i]));
      }
      sb.append(" |\n");
      if (n == 0) {
        for (int i = 0; i < w.length; i++) {
          sb.append(i == 0 ? "|-" : "-|-").append("-".repeat(w[i]));
        }
        sb.append("-|\n");
      }
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
