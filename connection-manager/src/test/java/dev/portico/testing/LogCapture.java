package dev.portico.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.logging.JettyLogger;
import org.eclipse.jetty.logging.StdErrAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures what Portico logs (through jetty-slf4j-impl's one shared appender) while it is open, so a test can
 * assert on log lines. The output still goes to stderr too. Not for parallel tests: the appender is global.
 */
public final class LogCapture implements AutoCloseable {
    private final StdErrAppender appender;
    private final PrintStream original;
    // Appended to from logging threads, read by the test: ByteArrayOutputStream's methods are synchronized.
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private LogCapture() {
        this.appender = (StdErrAppender) ((JettyLogger) LoggerFactory.getLogger("dev.portico")).getAppender();
        this.original = appender.getStream();
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                passOn().write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                captured.write(bytes, offset, length);
                passOn().write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8);
        appender.setStream(tee);
    }

    // The appender's own stream is null when it writes to whatever System.err is at the time.
    private PrintStream passOn() {
        return original != null ? original : System.err;
    }

    /** Starts capturing. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** Everything logged since {@link #start()}. */
    public String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        appender.setStream(original);
    }
}
