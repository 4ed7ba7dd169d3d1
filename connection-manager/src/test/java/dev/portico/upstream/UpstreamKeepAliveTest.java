package dev.portico.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.portico.config.TlsPolicy;
import dev.portico.config.UpstreamConfig;
import dev.portico.config.UpstreamDomain;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.Test;

/** A quiet upstream connection is kept, and its listener is asked for keep-alives (fake TCP peer on loopback). */
class UpstreamKeepAliveTest {

    @Test
    void anIdleConnectionStaysOpenAndTheListenerSendsKeepAlives() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler();
        threads.start();
        scheduler.start();
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            UpstreamConfig config = new UpstreamConfig(
                Map.of("example.test", new UpstreamDomain("example.test", Optional.of("127.0.0.1"), peer.getLocalPort())),
                TlsPolicy.DISABLED, Optional.empty(), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(1),
                1 << 20, Duration.ofMillis(200));
            UpstreamConnector connector = new UpstreamConnector(config, threads, scheduler);
            connector.start();
            AtomicInteger idles = new AtomicInteger();
            CompletableFuture<UpstreamLink> linked = new CompletableFuture<>();
            CompletableFuture<Throwable> lost = new CompletableFuture<>();
            connector.connect("example.test", new UpstreamListener() {
                @Override
                public boolean onBytes(ByteBuffer bytes) {
                    return true;
                }

                @Override
                public void onIdle() {
                    idles.incrementAndGet();
                    linked.thenAccept(link -> link.write(ByteBuffer.wrap(new byte[] {' '}), Callback.NOOP));
                }

                @Override
                public void onDisconnected(Throwable cause) {
                    lost.complete(cause);
                }
            }, Promise.from(linked));
            try (Socket server = peer.accept()) {
                server.setSoTimeout(5_000);
                InputStream in = server.getInputStream();
                // Three keep-alives in a row prove the connection outlives several idle periods.
                for (int i = 0; i < 3; i++) {
                    assertThat(in.read()).isEqualTo(' ');
                }
                assertThat(idles.get()).isGreaterThanOrEqualTo(3);
                assertThat(lost).isNotDone();
                linked.get(1, TimeUnit.SECONDS).close();
            } finally {
                connector.stop();
            }
        } finally {
            scheduler.stop();
            threads.stop();
        }
    }
}
