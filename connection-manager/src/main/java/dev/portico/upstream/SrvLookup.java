package dev.portico.upstream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * DNS SRV lookup of {@code _xmpp-client._tcp.DOMAIN} (RFC 6120 §3.2.1) and {@code _xmpps-client._tcp.DOMAIN}
 * (XEP-0368 direct TLS), done off the I/O threads and cached with Caffeine. The JDK's DNS provider does not
 * expose record TTLs, so entries live for a fixed time (5 minutes), a common floor for SRV TTLs.
 */
final class SrvLookup {
    /** One SRV target, in the order it should be tried. */
    record Target(String host, int port, int priority, int weight) {
    }

    /** The SRV services of a c2s server. */
    enum Service {
        /** Plain TCP, then STARTTLS (RFC 6120). */
        XMPP_CLIENT("_xmpp-client._tcp."),
        /** TLS from the first byte (XEP-0368). */
        XMPPS_CLIENT("_xmpps-client._tcp.");

        private final String prefix;

        Service(String prefix) {
            this.prefix = prefix;
        }

        String recordName(String domain) {
            return prefix + domain;
        }
    }

    /** Asks DNS for the SRV records of one name; injected so tests need no DNS server. */
    @FunctionalInterface
    interface Resolver {
        /** The records, in any order; empty when the name has none. */
        List<Target> query(String recordName) throws Exception;
    }

    private final AsyncLoadingCache<String, List<Target>> cache;

    SrvLookup(Executor executor, java.time.Duration ttl) {
        this(executor, ttl, SrvLookup::queryJndi);
    }

    SrvLookup(Executor executor, java.time.Duration ttl, Resolver resolver) {
        this.cache = Caffeine.newBuilder()
            .executor(executor)
            .expireAfterWrite(ttl)
            .maximumSize(10_000)
            .buildAsync(name -> sorted(resolver.query(name)));
    }

    /** Targets of the domain's service, best first; empty when the domain has no such SRV record. */
    CompletableFuture<List<Target>> lookup(Service service, String domain) {
        return cache.get(service.recordName(domain));
    }

    private static List<Target> sorted(List<Target> targets) {
        List<Target> copy = new ArrayList<>(targets);
        copy.sort(Comparator.comparingInt(Target::priority).thenComparing(Comparator.comparingInt(Target::weight).reversed()));
        return List.copyOf(copy);
    }

    private static List<Target> queryJndi(String recordName) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        DirContext ctx = new InitialDirContext(env);
        try {
            Attributes attributes = ctx.getAttributes(recordName, new String[] {"SRV"});
            Attribute srv = attributes.get("SRV");
            List<Target> targets = new ArrayList<>();
            if (srv != null) {
                for (int i = 0; i < srv.size(); i++) {
                    Target t = parse(String.valueOf(srv.get(i)));
                    if (t != null) {
                        targets.add(t);
                    }
                }
            }
            return targets;
        } catch (NameNotFoundException notFound) {
            return List.of();
        } finally {
            ctx.close();
        }
    }

    /** Parses "priority weight port target." as JNDI renders an SRV record. */
    static Target parse(String record) {
        String[] parts = record.trim().split("\\s+");
        if (parts.length != 4) {
            return null;
        }
        String host = parts[3].endsWith(".") ? parts[3].substring(0, parts[3].length() - 1) : parts[3];
        if (host.isEmpty()) {
            // "." means the service is decidedly not available at this domain (RFC 2782).
            return null;
        }
        try {
            return new Target(host, Integer.parseInt(parts[2]), Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
