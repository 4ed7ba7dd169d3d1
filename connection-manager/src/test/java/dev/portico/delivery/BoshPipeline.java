package dev.portico.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * A BOSH client that keeps sending: it keeps up to {@code window} requests open (XEP-0124's
 * {@code requests}), each carrying a payload, and sends the next as soon as one is answered, until the
 * session is terminated or time is up.
 */
final class BoshPipeline {
    private final HttpClient http;
    private final String url;
    private final int window;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicReference<String> terminal = new AtomicReference<>();

    BoshPipeline(HttpClient http, String url, int window) {
        this.http = http;
        this.url = url;
        this.window = window;
    }

    /**
     * Sends {@code body.apply(rid)} for rid = {@code firstRid}, {@code firstRid + 1}, ...; returns the first
     * terminating answer, or null if none came within {@code max}.
     */
    String run(long firstRid, LongFunction<String> body, Duration max) throws InterruptedException {
        Semaphore open = new Semaphore(window);
        long deadline = System.nanoTime() + max.toNanos();
        long rid = firstRid;
        while (terminal.get() == null && System.nanoTime() < deadline) {
            if (!open.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            http.newRequest(url).method(HttpMethod.POST).timeout(max.toMillis(), TimeUnit.MILLISECONDS)
                .body(new StringRequestContent("text/xml; charset=utf-8", body.apply(rid++), StandardCharsets.UTF_8))
                .send(new org.eclipse.jetty.client.BufferingResponseListener() {
                    @Override
                    public void onComplete(org.eclipse.jetty.client.Result result) {
                        String answer = result.isFailed() ? "failed: " + result.getFailure() : getContentAsString();
                        if (answer.contains("type='terminate'") || result.isFailed()) {
                            terminal.compareAndSet(null, answer);
                        } else {
                            answered.incrementAndGet();
                        }
                        open.release();
                    }
                });
        }
        return terminal.get();
    }

    /** Requests answered without ending the session. */
    int answered() {
        return answered.get();
    }
}
