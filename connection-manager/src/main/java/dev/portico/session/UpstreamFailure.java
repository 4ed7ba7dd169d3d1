package dev.portico.session;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Names why a TCP connection to the XMPP server failed, as one of a few fixed words (a metric label). */
final class UpstreamFailure {
    private UpstreamFailure() {
    }

    static String classify(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "dns";
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return "refused";
            }
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
                return "timeout";
            }
            if (t instanceof SSLException) {
                return "tls";
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return "other";
    }
}
