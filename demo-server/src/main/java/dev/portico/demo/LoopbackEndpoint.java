package dev.portico.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.apache.vysper.xmpp.server.Endpoint;
import org.apache.vysper.xmpp.server.ServerRuntimeContext;

/**
 * Vysper's c2s endpoint bound to the loopback address only, on a port the system picks. It replaces
 * Vysper's stock {@code TCPEndpoint}, which binds every interface on a fixed port and logs every stanza
 * (SASL credentials included) at INFO: this one has only the XMPP codec in its MINA filter chain, with
 * the fixes of {@link DemoCodecFactory} and {@link DemoIoHandler}.
 *
 * <p>Vysper calls {@link #setServerRuntimeContext}, then {@link #start()} from {@code XMPPServer.start()};
 * {@link #port()} is valid after that.
 */
final class LoopbackEndpoint implements Endpoint {
    private static final InetAddress LOOPBACK = loopback();

    private ServerRuntimeContext context;
    private NioSocketAcceptor acceptor;

    @Override
    public void setServerRuntimeContext(ServerRuntimeContext serverRuntimeContext) {
        this.context = serverRuntimeContext;
    }

    @Override
    public synchronized void start() throws IOException {
        if (acceptor != null) {
            throw new IllegalStateException("already started");
        }
        NioSocketAcceptor nio = new NioSocketAcceptor();
        DefaultIoFilterChainBuilder filters = new DefaultIoFilterChainBuilder();
        filters.addLast("xmppCodec", new ProtocolCodecFilter(new DemoCodecFactory()));
        nio.setFilterChainBuilder(filters);
        DemoIoHandler handler = new DemoIoHandler();
        handler.setServerRuntimeContext(context);
        nio.setHandler(handler);
        nio.setReuseAddress(true);
        try {
            nio.bind(new InetSocketAddress(LOOPBACK, 0));
        } catch (IOException | RuntimeException e) {
            nio.dispose();
            throw e;
        }
        acceptor = nio;
    }

    /** The loopback address bound. */
    synchronized InetSocketAddress address() {
        if (acceptor == null) {
            throw new IllegalStateException("not started");
        }
        return acceptor.getLocalAddress();
    }

    /** The port bound. */
    int port() {
        return address().getPort();
    }

    @Override
    public synchronized void stop() {
        if (acceptor != null) {
            acceptor.unbind();
            acceptor.dispose(true);
            acceptor = null;
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // never: a literal address is not looked up
        }
    }

    @Override
    public synchronized String toString() {
        return "LoopbackEndpoint[" + (acceptor == null ? "stopped" : acceptor.getLocalAddress()) + "]";
    }
}
