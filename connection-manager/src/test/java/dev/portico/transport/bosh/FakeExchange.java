package dev.portico.transport.bosh;

import org.eclipse.jetty.util.Callback;

/** An HTTP exchange in memory: remembers the answer; writes succeed at once unless told otherwise. */
final class FakeExchange implements BoshExchange {
    volatile Integer status;
    volatile String contentType;
    volatile String body;
    volatile boolean abandoned;
    volatile int answers;

    @Override
    public synchronized void respond(int status, String contentType, byte[] body, Callback written) {
        answers++;
        this.status = status;
        this.contentType = contentType;
        this.body = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        written.succeeded();
    }

    @Override
    public void abandon() {
        abandoned = true;
    }

    boolean answered() {
        return body != null;
    }

    @Override
    public String toString() {
        return answered() ? status + " " + body : abandoned ? "(abandoned)" : "(held)";
    }
}
