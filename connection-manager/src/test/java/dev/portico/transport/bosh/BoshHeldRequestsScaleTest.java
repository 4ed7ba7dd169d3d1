package dev.portico.transport.bosh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.portico.config.TlsPolicy;
import dev.portico.testing.PorticoTestServer;
import dev.portico.testing.ProsodyServer;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 2,000 simultaneously held BOSH requests on a server capped at 50 threads all get their answer: held
 * requests tie up no thread. The sessions are real (each has its own upstream stream to Prosody); they
 * stop before SASL, which is all holding a request needs.
 */
class BoshHeldRequestsScaleTest {
    private static final int SESSIONS = 2_000;
    private static final int WAIT = 10;

    private static ProsodyServer prosody;
    private static PorticoTestServer portico;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        prosody = ProsodyServer.builder().domain("localhost").users("alice").password("secret")
            .requireEncryption(false).extraConfig("network_settings = { tcp_backlog = 4096; shutdown_deadline = 0.5 }")
            .start();
        portico = PorticoTestServer.builder(prosody.domain(), prosody.c2sPort()).tls(TlsPolicy.DISABLED)
            .maxThreads(50).start();
        http = new HttpClient();
        http.setMaxConnectionsPerDestination(SESSIONS + 100);
        http.setMaxRequestsQueuedPerDestination(SESSIONS * 2);
        http.setIdleTimeout(120_000);
        http.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.stop();
        }
        if (portico != null) {
            portico.close();
        }
        if (prosody != null) {
            prosody.close();
        }
    }

    private static void post(String url, String xml, BufferingResponseListener listener) {
        http.newRequest(url).method(HttpMethod.POST).timeout(WAIT + 60, TimeUnit.SECONDS)
            .body(new StringRequestContent("text/xml; charset=utf-8", xml, StandardCharsets.UTF_8)).send(listener);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void twoThousandHeldRequestsOnFiftyThreadsAllAnswer() throws Exception {
        String url = portico.baseUrl() + "/http-bind";
        ConcurrentLinkedQueue<String> sids = new ConcurrentLinkedQueue<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        Semaphore inFlight = new Semaphore(200); // a gentle ramp for Prosody's accept queue
        CountDownLatch created = new CountDownLatch(SESSIONS);
        for (int i = 0; i < SESSIONS; i++) {
            inFlight.acquire();
            post(url, "<body rid='1000' to='localhost' wait='" + WAIT + "' hold='1' ver='1.11' xmlns='"
                + RawBoshClient.NS + "'/>", new BufferingResponseListener() {
                    @Override
                    public void onComplete(org.eclipse.jetty.client.Result result) {
                        inFlight.release();
                        String body = result.isSucceeded() ? getContentAsString() : String.valueOf(result.getFailure());
                        String sid = RawBoshClient.attr(body, "sid");
                        if (sid == null) {
                            failures.add(body);
                        } else {
                            sids.add(sid);
                        }
                        created.countDown();
                    }
                });
        }
        assertThat(created.await(90, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();
        assertThat(sids).hasSize(SESSIONS);

        AtomicInteger answered = new AtomicInteger();
        List<String> answers = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(SESSIONS);
        long start = System.nanoTime();
        for (String sid : sids) {
            post(url, "<body rid='1001' sid='" + sid + "' xmlns='" + RawBoshClient.NS + "'/>",
                new BufferingResponseListener() {
                    @Override
                    public void onComplete(org.eclipse.jetty.client.Result result) {
                        answered.incrementAndGet();
                        answers.add(result.isSucceeded() ? getContentAsString() : String.valueOf(result.getFailure()));
                        done.countDown();
                    }
                });
        }
        // While all of them are held, the 50-thread server still serves other requests at once.
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        ContentResponse page = http.newRequest(url).timeout(5, TimeUnit.SECONDS).send();
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(answered.get()).as("held, not answered yet").isLessThan(SESSIONS / 10);

        assertThat(done.await(WAIT + 60, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(WAIT - 1));
        assertThat(answers).hasSize(SESSIONS)
            .allSatisfy(a -> assertThat(a).isEqualTo("<body xmlns='http://jabber.org/protocol/httpbind'/>"));
        assertThat(portico.server().sessions().size()).isEqualTo(SESSIONS);
    }
}
