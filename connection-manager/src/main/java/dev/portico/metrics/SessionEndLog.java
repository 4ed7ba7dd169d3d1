package dev.portico.metrics;

import java.util.concurrent.TimeUnit;

import dev.portico.session.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per ended session on the logger {@code portico.sessions}: transport, bare JID (once bound),
 * client address, duration, bytes each way and the reason — as readable text or, for log shippers, as one
 * JSON object per line ({@code logging.format}).
 */
public final class SessionEndLog {
    private static final Logger LOG = LoggerFactory.getLogger("portico.sessions");

    private final boolean json;

    public SessionEndLog(boolean json) {
        this.json = json;
    }

    /** Logs the end of {@code session}. */
    public void ended(ClientSession session, String reason) {
        if (LOG.isInfoEnabled()) {
            LOG.info(format(session, reason));
        }
    }

    /** The line for {@code session} (without the logger's own prefix). */
    String format(ClientSession session, String reason) {
        long millis = TimeUnit.NANOSECONDS.toMillis(session.ageNanos());
        String jid = session.boundJid();
        if (json) {
            return "{\"event\":\"session_end\",\"id\":" + quote(session.id()) + ",\"transport\":" + quote(session.transport())
                + ",\"jid\":" + (jid == null ? "null" : quote(jid)) + ",\"client\":" + quote(session.clientAddress())
                + ",\"duration_ms\":" + millis + ",\"bytes_to_server\":" + session.traffic().bytesToServer()
                + ",\"bytes_to_client\":" + session.traffic().bytesToClient() + ",\"reason\":" + quote(reason) + "}";
        }
        return "session " + session.id() + " ended: transport=" + session.transport() + " jid=" + (jid == null ? "-" : jid)
            + " client=" + session.clientAddress() + " duration=" + millis + "ms bytes_to_server="
            + session.traffic().bytesToServer() + " bytes_to_client=" + session.traffic().bytesToClient() + " reason=" + reason;
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
