package org.biomedvital.generation.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.biomedvital.BudgetExceededException;
import org.biomedvital.RateLimitedException;
import org.biomedvital.RemoteServiceException;
import org.biomedvital.VitalException;
import org.biomedvital.internal.Checks;
import org.biomedvital.model.ChatMessage;
import org.biomedvital.model.ChatRequest;
import org.biomedvital.model.ChatResponse;
import org.biomedvital.model.ContentPart;
import org.biomedvital.model.TokenUsage;
import org.biomedvital.model.VisionChatModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts retries, rate limits, a response cache, usage and cost accounting, a hard budget and
 * listeners around any {@link VisionChatModel}.
 *
 * <h2>Order of a call</h2>
 * <ol>
 *   <li>the cache: a hit returns at once (no call, no cost, {@link ChatListener#onCacheHit});
 *   <li>the budget: the pre-flight estimate is reserved, or {@link BudgetExceededException};
 *   <li>per attempt: the rate limiter's permits, then the delegate; a retriable failure is retried
 *       after exponential backoff with full jitter or the server's {@code Retry-After}, while the
 *       per-call cap and the shared {@link RetryBudget} allow;
 *   <li>the usage is counted, the reservation settled at the actual cost, the response cached.
 * </ol>
 *
 * <pre>{@code
 * VisionChatModel model = ResilientChatModel.builder(OpenAiCompatibleChatModel.builder()...build())
 *     .model("gpt-4o")
 *     .rateLimiter(RateLimiter.shared(baseUrl, apiKey, 500, 30_000))
 *     .cache(ResponseCache.at(Path.of("out/cache")))
 *     .budget(Budget.of(20.0))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe: share one instance between threads and roles.
 */
public final class ResilientChatModel implements VisionChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(ResilientChatModel.class);

  /** The output tokens assumed by the pre-flight estimate when a request sets no maximum. */
  public static final int DEFAULT_ESTIMATED_OUTPUT_TOKENS = 1024;

  /** The input tokens assumed per image by the pre-flight estimate. */
  public static final int ESTIMATED_TOKENS_PER_IMAGE = 1000;

  /** The retry budget unless one is set: retries may add 20% of calls, plus 100. */
  public static final double DEFAULT_RETRY_BUDGET_RATIO = 0.2;

  /** The retries the default retry budget allows beyond its ratio. */
  public static final int DEFAULT_RETRY_BUDGET_MIN = 100;

  private final VisionChatModel delegate;
  private final String namespace;
  private final String model;
  private final RetryPolicy retryPolicy;
  private final RetryBudget retryBudget;
  private final RateLimiter rateLimiter;
  private final ResponseCache cache;
  private final Budget budget;
  private final PriceTable prices;
  private final List<ChatListener> listeners;
  private final UsageMeter meter;
  private final Random random;

  private ResilientChatModel(Builder b) {
    this.delegate = b.delegate;
    this.namespace = b.namespace;
    this.model = b.model;
    this.retryPolicy = b.retryPolicy;
    this.retryBudget = b.retryBudget;
    this.rateLimiter = b.rateLimiter;
    this.cache = b.cache;
    this.budget = b.budget;
    this.prices = b.prices;
    this.listeners = List.copyOf(b.listeners);
    this.meter = b.meter;
    this.random = b.random;
  }

  /** A builder around {@code delegate}. */
  public static Builder builder(VisionChatModel delegate) {
    return new Builder(delegate);
  }

  /**
   * A builder holding this model's settings. The model it builds shares this one's delegate, meter,
   * rate limiter, retry budget, cache and budget (they are objects shared by design); call {@link
   * Builder#meter} with a new {@link UsageMeter} to count apart.
   */
  public Builder toBuilder() {
    Builder b = new Builder(delegate);
    b.namespace = namespace;
    b.model = model;
    b.retryPolicy = retryPolicy;
    b.retryBudget = retryBudget;
    b.rateLimiter = rateLimiter;
    b.cache = cache;
    b.budget = budget;
    b.prices = prices;
    b.listeners.addAll(listeners);
    b.meter = meter;
    b.random = random;
    return b;
  }

  /** The usage counted so far. */
  public Usage usage() {
    return meter.snapshot();
  }

  /** The meter this model counts into. */
  public UsageMeter meter() {
    return meter;
  }

  /** The budget, if one is set. */
  public Optional<Budget> budget() {
    return Optional.ofNullable(budget);
  }

  /** The pre-flight estimate of a request's tokens: text/4, {@value #ESTIMATED_TOKENS_PER_IMAGE} per image, the output maximum. */
  public static TokenUsage estimate(ChatRequest request) {
    long chars = 0;
    long images = 0;
    for (ChatMessage m : request.messages()) {
      for (ContentPart p : m.parts()) {
        if (p instanceof ContentPart.Text) {
          chars += ((ContentPart.Text) p).text().length();
        } else {
          images++;
        }
      }
    }
    long input = chars / 4 + 8L * request.messages().size() + images * ESTIMATED_TOKENS_PER_IMAGE;
    return new TokenUsage(input, request.maxTokens().orElse(DEFAULT_ESTIMATED_OUTPUT_TOKENS));
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request == null");
    String effectiveModel = request.model().orElse(model);
    String key = cache == null ? null : ResponseCache.key(namespace, effectiveModel, request);
    if (cache != null) {
      Optional<ChatResponse> hit = cache.get(key);
      if (hit.isPresent()) {
        meter.cacheHit();
        ChatResponse r = new ChatResponse(hit.get().text(), TokenUsage.NONE, hit.get().model(),
            hit.get().finishReason());
        listeners.forEach(l -> l.onCacheHit(request, r));
        return r;
      }
    }
    TokenUsage estimate = estimate(request);
    double estimateUsd = prices.cost(effectiveModel, estimate);
    if (budget != null) {
      try {
        budget.reserve(estimateUsd);
      } catch (BudgetExceededException e) {
        listeners.forEach(l -> l.onError(request, e));
        throw e;
      }
    }
    double actualUsd = 0;
    try {
      ChatResponse response = callWithRetries(request, estimate);
      // Price by the model asked for: providers report dated ids (gpt-4o-2024-08-06) or none.
      actualUsd = prices.cost(effectiveModel, response.usage());
      meter.tokens(response.usage(), actualUsd);
      // A reply cut at the token limit is not kept: a rerun (perhaps with a higher limit) asks again.
      if (cache != null && !response.truncated()) {
        cache.put(key, response);
      }
      return response;
    } finally {
      if (budget != null) {
        budget.settle(estimateUsd, actualUsd);
      }
    }
  }

  private ChatResponse callWithRetries(ChatRequest request, TokenUsage estimate) {
    retryBudget.onCall();
    for (int attempt = 0; ; attempt++) {
      if (rateLimiter != null) {
        rateLimiter.acquire(estimate.total());
      }
      final int a = attempt;
      listeners.forEach(l -> l.onRequest(request, a));
      meter.call();
      long start = System.nanoTime();
      try {
        ChatResponse response = delegate.chat(request);
        if (rateLimiter != null && response.usage().total() > 0) {
          rateLimiter.refund(estimate.total() - response.usage().total());
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        listeners.forEach(l -> l.onResponse(request, response, latency));
        return response;
      } catch (RemoteServiceException e) {
        Duration delay = retryDelay(e, attempt);
        if (delay == null) {
          meter.failure();
          listeners.forEach(l -> l.onError(request, e));
          throw e;
        }
        meter.retry();
        if (e instanceof RateLimitedException && rateLimiter != null) {
          rateLimiter.pauseFor(delay);
        }
        LOG.debug("retry {} after {} ms: {}", attempt + 1, delay.toMillis(), e.getMessage());
        listeners.forEach(l -> l.onRetry(request, a, e, delay));
        sleep(delay);
      } catch (VitalException | IllegalArgumentException e) {
        meter.failure();
        listeners.forEach(l -> l.onError(request, e));
        throw e;
      }
    }
  }

  /** The wait before the next attempt, or null when the failure must be thrown. */
  private Duration retryDelay(RemoteServiceException e, int attempt) {
    if (!e.retriable() || attempt >= retryPolicy.maxRetries()) {
      return null;
    }
    Duration delay = retryPolicy.backoff(attempt, random == null ? ThreadLocalRandom.current() : random);
    if (e instanceof RateLimitedException) {
      Optional<Duration> after = ((RateLimitedException) e).retryAfter();
      if (after.isPresent()) {
        if (after.get().compareTo(retryPolicy.maxRetryAfter()) > 0) {
          return null;
        }
        delay = after.get();
      }
    }
    if (!retryBudget.tryRetry()) {
      LOG.warn("retry budget spent; not retrying: {}", e.getMessage());
      return null;
    }
    return delay;
  }

  private static void sleep(Duration d) {
    long deadline = System.nanoTime() + d.toNanos();
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new VitalException("interrupted while waiting to retry");
      }
    }
  }

  @Override
  public String toString() {
    return "ResilientChatModel{" + delegate + ", retries=" + retryPolicy.maxRetries()
        + (rateLimiter == null ? "" : ", " + rateLimiter)
        + (cache == null ? "" : ", " + cache)
        + (budget == null ? "" : ", " + budget) + "}";
  }

  /** Builds {@link ResilientChatModel}s; only the delegate is required. */
  public static final class Builder {
    private final VisionChatModel delegate;
    private String namespace = "";
    private String model = "";
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private RetryBudget retryBudget =
        RetryBudget.of(DEFAULT_RETRY_BUDGET_RATIO, DEFAULT_RETRY_BUDGET_MIN);
    private RateLimiter rateLimiter;
    private ResponseCache cache;
    private Budget budget;
    private PriceTable prices = PriceTable.DEFAULT;
    private final List<ChatListener> listeners = new ArrayList<>();
    private UsageMeter meter = new UsageMeter();
    private Random random;

    private Builder(VisionChatModel delegate) {
      this.delegate = Objects.requireNonNull(delegate, "delegate == null");
    }

    /** What distinguishes this endpoint in cache keys, e.g. {@code openai-compatible https://host/v1/}; never a key. */
    public Builder namespace(String namespace) {
      this.namespace = Objects.requireNonNull(namespace, "namespace == null");
      return this;
    }

    /**
     * The model id the delegate calls, for prices and cache keys (a request may override it);
     * default empty.
     */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model == null");
      return this;
    }

    /** The retry policy; default {@link RetryPolicy#DEFAULT}. */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy == null");
      return this;
    }

    /**
     * The retry budget shared across calls; default a new one of {@link
     * #DEFAULT_RETRY_BUDGET_RATIO} of calls plus {@link #DEFAULT_RETRY_BUDGET_MIN}.
     */
    public Builder retryBudget(RetryBudget budget) {
      this.retryBudget = Objects.requireNonNull(budget, "budget == null");
      return this;
    }

    /** The rate limiter (share it per endpoint and key); default none. */
    public Builder rateLimiter(RateLimiter limiter) {
      this.rateLimiter = Objects.requireNonNull(limiter, "limiter == null");
      return this;
    }

    /** The response cache; default none. */
    public Builder cache(ResponseCache cache) {
      this.cache = Objects.requireNonNull(cache, "cache == null");
      return this;
    }

    /** The hard budget; default none. */
    public Builder budget(Budget budget) {
      this.budget = Objects.requireNonNull(budget, "budget == null");
      return this;
    }

    /** The price table; default {@link PriceTable#DEFAULT}. */
    public Builder prices(PriceTable prices) {
      this.prices = Objects.requireNonNull(prices, "prices == null");
      return this;
    }

    /** Adds a listener; default none. */
    public Builder listener(ChatListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener == null"));
      return this;
    }

    /** The meter to count into (share one to sum several models); default a new one. */
    public Builder meter(UsageMeter meter) {
      this.meter = Objects.requireNonNull(meter, "meter == null");
      return this;
    }

    /** A seeded source for the backoff jitter (tests); default thread-local randomness. */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random == null");
      return this;
    }

    /**
     * Builds the model.
     *
     * @throws IllegalStateException when a budget is set but the model has no price
     */
    public ResilientChatModel build() {
      Checks.checkState(budget == null || prices.price(model).isPresent(),
          "a budget needs the price of model '%s'; add it to the price table (prices(...) or"
              + " --price) or drop the budget", model);
      return new ResilientChatModel(this);
    }
  }
}
