package dev.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import dev.portico.testing.FreePorts;
import dev.portico.testing.PorticoTestServer;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 9 item 12: no response names the server software or its version, error pages included. */
class NoServerVersionTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static PorticoTestServer portico;

    @BeforeAll
    static void start() throws Exception {
        portico = PorticoTestServer.builder("localhost", FreePorts.find()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (portico != null) {
            portico.close();
        }
    }

    static Stream<Arguments> responses() {
        return Stream.of(
            Arguments.of("web chat page", "GET", "/", 200),
            Arguments.of("health", "GET", "/healthz", 200),
            Arguments.of("unknown path", "GET", "/nope", 404),
            Arguments.of("wrong method", "DELETE", "/", 405),
            Arguments.of("BOSH without body", "POST", "/http-bind", 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void noResponseNamesTheServer(String what, String method, String path, int status) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(portico.baseUrl() + path))
            .method(method, HttpRequest.BodyPublishers.noBody()).header("Content-Type", "text/xml").build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Server")).isEmpty();
        assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
        assertThat(response.body()).doesNotContainIgnoringCase("jetty").doesNotContain(Jetty.VERSION);
    }

    @Test
    void jettysOwnErrorForAMalformedRequestNamesNothingEither() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", portico.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).doesNotContainIgnoringCase("server:").doesNotContainIgnoringCase("jetty")
                .doesNotContain(Jetty.VERSION);
        }
    }
}
