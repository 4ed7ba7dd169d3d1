package dev.portico.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.stream.Collectors;

import dev.portico.config.DemoConfig;
import dev.portico.server.DemoServerProvider.RunningDemo;
import org.junit.jupiter.api.Test;

/**
 * The demo server listens on 127.0.0.1 only: its port answers there and refuses connections on every other
 * address of this machine's own interfaces. (Only this machine's addresses are ever dialled.)
 */
class LoopbackOnlyTest {
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    @Test
    void demoPortIsRefusedOnEveryNonLoopbackAddressOfThisMachine() throws Exception {
        try (RunningDemo demo = new VysperDemoServerProvider().start(DemoConfig.DEFAULTS)) {
            assertThat(demo.host()).isEqualTo("127.0.0.1");
            connect(InetAddress.getByName(demo.host()), demo.port()); // it does listen

            List<InetAddress> own = ownNonLoopbackAddresses();
            assumeFalse(own.isEmpty(), "this machine has no non-loopback address to check");
            for (InetAddress address : own) {
                assertThatThrownBy(() -> connect(address, demo.port()))
                    .as("connecting to the demo port on %s", address)
                    .isInstanceOf(ConnectException.class);
            }
        }
    }

    private static List<InetAddress> ownNonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces()
            .filter(LoopbackOnlyTest::isUp)
            .flatMap(NetworkInterface::inetAddresses)
            .filter(a -> !a.isLoopbackAddress() && !a.isAnyLocalAddress())
            .collect(Collectors.toList());
    }

    private static boolean isUp(NetworkInterface nif) {
        try {
            return nif.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
        }
    }
}
