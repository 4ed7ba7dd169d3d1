package dev.portico.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Asks a running {@link ProsodyServer} about itself through its admin shell ({@code prosodyctl shell}), so
 * tests check the server's own view (how many sessions a user has, hibernating ones included) rather than
 * what a client believes. The server needs the {@code admin_shell} module
 * ({@code ProsodyServer.builder().modules("admin_shell")}).
 */
public final class ProsodyShell {
    private final ProsodyServer prosody;

    public ProsodyShell(ProsodyServer prosody) {
        this.prosody = prosody;
    }

    /**
     * How many sessions (resources) the server holds for {@code user}: connected ones and those hibernating
     * for an XEP-0198 resume alike.
     */
    public int sessionsOf(String user) {
        String lua = ">local u = hosts[" + ProsodyServer.lua(prosody.domain()) + "].sessions[" + ProsodyServer.lua(user)
            + "]; local n = 0; if u then for _ in pairs(u.sessions) do n = n + 1 end end; return 'sessions=' .. n";
        String out = run(lua);
        int at = out.indexOf("sessions=");
        if (at < 0) {
            throw new IllegalStateException("unexpected admin shell answer: " + out);
        }
        int end = at + "sessions=".length();
        while (end < out.length() && Character.isDigit(out.charAt(end))) {
            end++;
        }
        return Integer.parseInt(out.substring(at + "sessions=".length(), end));
    }

    /** Runs one admin shell line and returns what it printed. */
    public String run(String line) {
        ProcessBuilder pb = new ProcessBuilder(System.getProperty("portico.prosodyctl", "prosodyctl"),
            "--config", prosody.configFile().toString(), "shell", line)
            .directory(prosody.dir().toFile())
            .redirectErrorStream(true);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("prosodyctl shell did not finish");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run prosodyctl shell: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
