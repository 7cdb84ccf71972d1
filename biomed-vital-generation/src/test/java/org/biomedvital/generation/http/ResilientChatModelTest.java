package org.biomedvital.generation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.biomedvital.AuthenticationException;
import org.biomedvital.BudgetExceededException;
import org.biomedvital.RateLimitedException;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.generation.TestImages;
import org.biomedvital.generation.openai.OpenAiCompatibleChatModel;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.TokenUsage;
import org.biomedvital.testing.FakeVisionChatModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ResilientChatModelTest {
  static final String OK = "{\"model\":\"gpt-4o\",\"choices\":[{\"message\":{\"content\":\"fine\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":500}}";
  static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20),
      Duration.ofSeconds(5));

  @StartStop public final MockWebServer server = new MockWebServer();
  @TempDir Path dir;

  private OpenAiCompatibleChatModel http() {
    return OpenAiCompatibleChatModel.builder().baseUrl(server.url("/v1/").toString())
        .apiKey("sk-secret-123456789").model("gpt-4o").build();
  }

  @Test
  void retriesA429AfterTheServersRetryAfterThenSucceeds() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after-ms", "300").build());
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().body(OK).build());
    List<String> events = new CopyOnWriteArrayList<>();
    ResilientChatModel m = ResilientChatModel.builder(http()).model("gpt-4o").retryPolicy(FAST)
        .listener(new ChatListener() {
          @Override
          public void onRequest(ChatRequest r, int attempt) {
            events.add("request " + attempt);
          }

          @Override
          public void onRetry(ChatRequest r, int attempt, RemoteServiceException e, Duration d) {
            events.add("retry " + (e instanceof RateLimitedException ? d.toMillis() : "backoff"));
          }

          @Override
          public void onResponse(ChatRequest r, ChatResponse resp, Duration latency) {
            events.add("response " + resp.text());
          }
        }).build();

    long start = System.nanoTime();
    ChatResponse r = m.chat("hi");

    assertThat(r.text()).isEqualTo("fine");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
        Duration.ofMillis(300));
    assertThat(events).containsExactly("request 0", "retry 300", "request 1", "retry backoff",
        "request 2", "response fine");
    Usage u = m.usage();
    assertThat(u.calls()).isEqualTo(3);
    assertThat(u.retries()).isEqualTo(2);
    assertThat(u.inputTokens()).isEqualTo(1000);
    assertThat(u.costUsd()).isEqualTo(1000 * 2.5 / 1e6 + 500 * 10.0 / 1e6);
  }

  @Test
  void neverRetriesAuthenticationOrBadRequest() {
    server.enqueue(new MockResponse.Builder().code(401).build());
    server.enqueue(new MockResponse.Builder().code(400).build());
    ResilientChatModel m = ResilientChatModel.builder(http()).retryPolicy(FAST).build();

    assertThatThrownBy(() -> m.chat("a")).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> m.chat("b")).isInstanceOf(RemoteServiceException.class)
        .hasMessageContaining("HTTP 400");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(m.usage().failures()).isEqualTo(2);
  }

  @Test
  void toBuilderKeepsRetriesAndSharesTheMeter() {
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().body(OK).build());
    server.enqueue(new MockResponse.Builder().body(OK).build());
    ResilientChatModel first = ResilientChatModel.builder(http()).model("gpt-4o").retryPolicy(FAST)
        .build();

    ResilientChatModel copy = first.toBuilder().build();
    copy.chat("a");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(first.usage()).isEqualTo(copy.usage());
    assertThat(first.usage().retries()).isEqualTo(1);

    Usage before = first.usage();
    ResilientChatModel apart = first.toBuilder().meter(new UsageMeter()).build();
    apart.chat("b");
    assertThat(apart.usage().calls()).isPositive();
    assertThat(first.usage()).isEqualTo(before);
  }

  @Test
  void givesUpAfterTheRetryCap() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse.Builder().code(500).build());
    }
    ResilientChatModel m = ResilientChatModel.builder(http()).retryPolicy(FAST).build();

    assertThatThrownBy(() -> m.chat("a")).isInstanceOf(RemoteServiceException.class)
        .hasMessageContaining("HTTP 500");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void theRetryBudgetStopsA429Storm() {
    FakeVisionChatModel always429 = FakeVisionChatModel.answering(r -> {
      throw new RateLimitedException("fake", "HTTP 429", Duration.ofMillis(1));
    });
    ResilientChatModel m = ResilientChatModel.builder(always429).retryPolicy(FAST)
        .retryBudget(RetryBudget.of(0.0, 4)).build();

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> m.chat("x")).isInstanceOf(RateLimitedException.class);
    }

    assertThat(m.usage().retries()).isEqualTo(4);
    assertThat(always429.calls()).isEqualTo(9);
  }

  @Test
  void fullJitterBackoffStaysUnderTheGrowingCeiling() {
    RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2),
        Duration.ofSeconds(5));
    Random r = new Random(1);
    for (int attempt = 0; attempt < 8; attempt++) {
      long ceiling = Math.min(2000, 100L << attempt);
      for (int i = 0; i < 50; i++) {
        assertThat(p.backoff(attempt, r).toMillis()).isBetween(0L, ceiling);
      }
    }
  }

  @Test
  void theBudgetCountsCallsInFlightAndRefusesBeforeCalling() throws Exception {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    org.biomedvital.model.VisionChatModel slow = r -> {
      calls.incrementAndGet();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new ChatResponse("ok", new TokenUsage(100, 100), "gpt-4o", "stop");
    };
    // Each call is estimated at 8 + 1000/4... tokens; a budget that fits exactly 2 estimates.
    ChatRequest req = ChatRequest.builder().addMessage(ChatMessage.user("x".repeat(4000)))
        .maxTokens(1000).build();
    double estimate = PriceTable.DEFAULT.cost("gpt-4o", ResilientChatModel.estimate(req));
    Budget budget = Budget.of(estimate * 2.5);
    ResilientChatModel m = ResilientChatModel.builder(slow).model("gpt-4o").budget(budget).build();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<ChatResponse>> fs = List.of(pool.submit(() -> m.chat(req)),
          pool.submit(() -> m.chat(req)), pool.submit(() -> m.chat(req)));
      int refused = 0;
      for (Future<ChatResponse> f : fs) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(BudgetExceededException.class)
              .hasMessageContaining("in flight");
          refused++;
        }
      }
      assertThat(refused).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(calls).hasValue(2);
    assertThat(budget.reservedUsd()).isZero();
    assertThat(budget.spentUsd()).isEqualTo(2 * (100 * 2.5 + 100 * 10.0) / 1e6);
  }

  @Test
  void aBudgetNeedsAPrice() {
    assertThatThrownBy(() -> ResilientChatModel.builder(FakeVisionChatModel.replying("x"))
        .model("my-local-llava").budget(Budget.of(1)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("price of model 'my-local-llava'");
  }

  @Test
  void theCacheAnswersARepeatedRequestWithoutACall() {
    FakeVisionChatModel fake = FakeVisionChatModel.replying("first", "second", "third");
    List<String> hits = new CopyOnWriteArrayList<>();
    ResilientChatModel m = ResilientChatModel.builder(fake).namespace("fake http://x/").model("m")
        .cache(ResponseCache.at(dir)).listener(new ChatListener() {
          @Override
          public void onCacheHit(ChatRequest r, ChatResponse resp) {
            hits.add(resp.text());
          }
        }).build();
    ChatRequest a = ChatRequest.builder().addMessage(ChatMessage.user("q", TestImages.png())).build();
    ChatRequest b = a.toBuilder().temperature(0.7).build();

    assertThat(m.chat(a).text()).isEqualTo("first");
    assertThat(m.chat(a).text()).isEqualTo("first");
    assertThat(m.chat(b).text()).isEqualTo("second");
    ResilientChatModel fresh = ResilientChatModel.builder(fake).namespace("fake http://x/").model("m")
        .cache(ResponseCache.at(dir)).build();
    assertThat(fresh.chat(b).text()).isEqualTo("second");

    assertThat(fake.calls()).isEqualTo(2);
    assertThat(hits).containsExactly("first");
    assertThat(fresh.usage().cacheHits()).isEqualTo(1);
  }

  @Test
  void cacheKeysDependOnImageContentNotItsName() {
    ChatRequest png = ChatRequest.builder().addMessage(ChatMessage.user("q", TestImages.png())).build();
    ChatRequest jpg = ChatRequest.builder().addMessage(ChatMessage.user("q", TestImages.jpeg())).build();

    assertThat(ResponseCache.key("n", "m", png)).isEqualTo(ResponseCache.key("n", "m",
        ChatRequest.builder().addMessage(ChatMessage.user("q", TestImages.png())).build()));
    assertThat(ResponseCache.key("n", "m", png)).isNotEqualTo(ResponseCache.key("n", "m", jpg));
    assertThat(ResponseCache.key("n", "m", png)).isNotEqualTo(ResponseCache.key("n", "m2", png));
    assertThat(ResponseCache.key("n", "m", png)).isNotEqualTo(ResponseCache.key("n2", "m", png));
  }

  @Test
  void neitherCacheEntriesNorToStringHoldTheKey() throws Exception {
    server.enqueue(new MockResponse.Builder().body(OK).build());
    ResilientChatModel m = ResilientChatModel.builder(http()).namespace("openai-compatible "
        + server.url("/v1/")).model("gpt-4o").cache(ResponseCache.at(dir)).build();

    m.chat("hi");

    try (var files = java.nio.file.Files.walk(dir)) {
      List<Path> entries = files.filter(java.nio.file.Files::isRegularFile).toList();
      assertThat(entries).hasSize(1);
      assertThat(java.nio.file.Files.readString(entries.get(0))).contains("fine")
          .doesNotContain("sk-secret-123456789");
    }
    assertThat(m.toString()).doesNotContain("sk-secret-123456789");
  }

  @Test
  void aStormOf429sIsRiddenOutWithOneRetryEachAfterTheServersWait() throws Exception {
    java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest r) {
        return seen.incrementAndGet() <= 20
            ? new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build()
            : new MockResponse.Builder().body(OK).build();
      }
    });
    RateLimiter limiter = RateLimiter.of(0, 0);
    ResilientChatModel m = ResilientChatModel.builder(http()).model("gpt-4o").retryPolicy(FAST)
        .rateLimiter(limiter).build();
    ExecutorService pool = Executors.newFixedThreadPool(20);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    long start = System.nanoTime();
    try {
      List<Future<ChatResponse>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        fs.add(pool.submit(() -> {
          go.await();
          return m.chat("storm");
        }));
      }
      go.countDown();
      for (Future<ChatResponse> f : fs) {
        assertThat(f.get().text()).isEqualTo("fine");
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
        Duration.ofSeconds(1));
    assertThat(server.getRequestCount()).isEqualTo(40);
    assertThat(m.usage().retries()).isEqualTo(20);
  }
}
