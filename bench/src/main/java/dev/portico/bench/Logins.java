package dev.portico.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Opens and logs in many sessions with bounded parallelism, so neither side's accept backlog overflows. */
public final class Logins {
    private Logins() {
    }

    /**
     * Logs every user in through {@code endpoint}, at most {@code parallel} logins at a time.
     *
     * @return the links, in the order of {@code users}
     * @throws Exception the first login failure (every link opened so far is closed)
     */
    public static List<XmppLink> loginAll(Endpoint endpoint, List<String> users, String domain, String password,
                                          String resource, int parallel) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "bench-login");
            t.setDaemon(true);
            return t;
        });
        List<Future<XmppLink>> futures = new ArrayList<>();
        try {
            for (String user : users) {
                futures.add(pool.submit(() -> {
                    XmppLink link = endpoint.open();
                    try {
                        link.login(domain, user, password, resource);
                        return link;
                    } catch (Exception | Error e) {
                        link.close();
                        throw e;
                    }
                }));
            }
            List<XmppLink> links = new ArrayList<>();
            Exception failure = null;
            for (Future<XmppLink> f : futures) {
                try {
                    links.add(f.get());
                } catch (Exception e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                closeAll(links);
                throw failure;
            }
            return links;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Closes every link, ignoring failures. */
    public static void closeAll(List<? extends XmppLink> links) {
        for (XmppLink link : links) {
            try {
                link.close();
            } catch (RuntimeException e) {
                // best effort
            }
        }
    }
}
