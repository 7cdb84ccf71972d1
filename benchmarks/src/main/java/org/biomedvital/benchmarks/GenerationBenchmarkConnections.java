package org.biomedvital.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.biomedvital.data.Domain;
import org.biomedvital.data.Figure;
import org.biomedvital.generation.http.ResilientChatModel;
import org.biomedvital.generation.http.Usage;
import org.biomedvital.generation.runner.GenerationRunner;
import org.biomedvital.generation.runner.RunSummary;
import org.biomedvital.generation.vital.BiomedVitalGenerator;
import org.biomedvital.model.VisionChatModel;
import org.biomedvital.spi.ProviderSettings;
import org.biomedvital.spi.Providers;

/**
 * The {@code closing} scenario of {@link GenerationBenchmark}: a generation run through the
 * {@code openai-compatible} provider (default retry policy) against a loopback HTTP/1.0 server
 * that closes the connection after every reply (lingering 5 ms first, as a busy server does) and
 * answers a share of requests with HTTP 500. Reports candidates written, the client's attempts and
 * the requests the server read, which must agree: a request lost on a connection the server had
 * closed is sent again on a fresh one and is neither a model failure nor a retry.
 */
final class GenerationBenchmarkConnections {
  private static final byte[] OK = ("{\"id\":\"b\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"User: What is shown?\\nAssistant: An"
      + " axial CT of the chest.\\nUser: Where is the nodule?\\nAssistant: In the left lung.\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":40}}")
      .getBytes(StandardCharsets.UTF_8);
  private static final byte[] FAIL =
      "{\"error\":{\"message\":\"injected fault\"}}".getBytes(StandardCharsets.UTF_8);

  private GenerationBenchmarkConnections() {}

  /** Runs {@code candidates} candidates with {@code faultRate} injected faults; adds rows. */
  static void run(List<String[]> rows, int candidates, double faultRate) throws Exception {
    AtomicInteger received = new AtomicInteger();
    AtomicInteger faults = new AtomicInteger();
    SplittableRandom random = new SplittableRandom(13);
    try (ServerSocket server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress())) {
      Thread accept = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            boolean fault;
            synchronized (random) {
              fault = random.nextDouble() < faultRate;
            }
            Thread t = new Thread(() -> serve(s, fault, received, faults));
            t.setDaemon(true);
            t.start();
          } catch (IOException e) {
            return;
          }
        }
      });
      accept.setDaemon(true);
      accept.start();
      VisionChatModel chat = Providers.visionChatModel("openai-compatible", ProviderSettings.of(
          "base-url", "http://127.0.0.1:" + server.getLocalPort() + "/v1/", "model", "gpt-4o"));
      Path out = Files.createTempDirectory("closing-bench");
      List<Figure> figures = new ArrayList<>();
      for (int i = 0; i < candidates; i++) {
        figures.add(Figure.of("PMC" + i + "_F1", "Axial CT of the chest showing a nodule (arrow).",
            List.of("The CT revealed a pulmonary nodule ."), Set.of(Domain.CT_SCAN)));
      }
      long start = System.nanoTime();
      RunSummary s = GenerationRunner.builder()
          .generator(BiomedVitalGenerator.builder(chat).build())
          .outputDir(out).concurrency(8).seed(1)
          .usage(((ResilientChatModel) chat)::usage)
          .build().run(figures);
      double seconds = (System.nanoTime() - start) / 1e9;
      Usage u = ((ResilientChatModel) chat).usage();
      String what = String.format(Locale.ROOT, "closing HTTP/1.0, %.0f%% faults, %d cand.",
          faultRate * 100, candidates);
      rows.add(new String[] {what + ": written", Long.toString(s.written()),
          Integer.toString(candidates), fmt(s.written() / (double) candidates),
          ">= 0.95 (" + s.failed() + " failed, " + fmt(seconds) + " s)"});
      rows.add(new String[] {what + ": attempts - faults", Long.toString(u.calls() - faults.get()),
          Integer.toString(received.get() - faults.get()),
          fmt((u.calls() - faults.get()) / (double) Math.max(1, received.get() - faults.get())),
          "= 1, ref: ok replies (" + u.calls() + " attempts, " + u.retries() + " retries, " + faults.get()
              + " faults, " + received.get() + " requests received)"});
    }
  }

  private static void serve(Socket s, boolean fault, AtomicInteger received, AtomicInteger faults) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream());
      int length = -1;
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          String l = line.toString().trim();
          if (l.isEmpty()) {
            break;
          }
          if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(l.substring(15).trim());
          }
          line.setLength(0);
        } else {
          line.append((char) c);
        }
      }
      if (c < 0 || length < 0 || in.readNBytes(length).length < length) {
        return;
      }
      received.incrementAndGet();
      if (fault) {
        faults.incrementAndGet();
      }
      byte[] body = fault ? FAIL : OK;
      OutputStream out = s.getOutputStream();
      out.write(((fault ? "HTTP/1.0 500 Internal Server Error" : "HTTP/1.0 200 OK")
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      Thread.sleep(5);
    } catch (IOException e) {
      // the client went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
