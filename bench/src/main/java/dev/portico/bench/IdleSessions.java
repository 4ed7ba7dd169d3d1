package dev.portico.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Child-process main for the footprint scenario: logs in idle WebSocket sessions from a JVM of its own,
 * so the clients' heap and threads do not pollute the measuring JVM that hosts Portico.
 *
 * <p>Arguments: {@code URI DOMAIN PASSWORD RESOURCE PARALLEL USER...}. Commands arrive on stdin, one a
 * line: {@code open N} logs in the next N users and answers {@code READY total}; {@code close} closes
 * every session and answers {@code CLOSED} (a later {@code open} starts again from the first user, with
 * a fresh resource); {@code exit} or end of input ends the process. A failed login answers
 * {@code FAILED reason} and exits with code 1.
 */
public final class IdleSessions {
    private IdleSessions() {
    }

    /** Runs the child; see the class comment for the protocol. */
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String domain = args[1];
        String password = args[2];
        String resource = args[3];
        int parallel = Integer.parseInt(args[4]);
        List<String> users = List.of(args).subList(5, args.length);
        List<XmppLink> links = new ArrayList<>();
        int cycle = 0;
        int code = 0;
        try (Endpoint endpoint = Endpoint.webSocket("idle", uri)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
                if (line.equals("close")) {
                    Logins.closeAll(links);
                    links.clear();
                    cycle++;
                    answer("CLOSED");
                    continue;
                }
                int next = Math.min(users.size(), links.size() + Integer.parseInt(line.substring(5).strip()));
                try {
                    links.addAll(Logins.loginAll(endpoint, users.subList(links.size(), next), domain, password,
                        resource + cycle, parallel));
                } catch (Exception e) {
                    answer("FAILED " + e);
                    code = 1;
                    break;
                }
                answer("READY " + links.size());
            }
            Logins.closeAll(links);
        }
        System.exit(code);
    }

    private static void answer(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
