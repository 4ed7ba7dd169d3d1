package dev.portico.upstream;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.portico.config.LocalAddresses;
import dev.portico.config.TlsPolicy;
import dev.portico.config.UpstreamDomain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where to connect for a configured domain, in the order to try. A configured host is used as given. A domain
 * without one is looked up in DNS: SRV {@code _xmpps-client._tcp} (direct TLS, XEP-0368) first, because its
 * stream is encrypted before any XMPP byte and so cannot be stripped of STARTTLS, then {@code _xmpp-client._tcp}
 * (STARTTLS), then the domain itself; {@code direct} uses only the first, {@code disabled} never the first.
 *
 * <p>DNS answers are not trusted to point inside: addresses learnt from DNS that are loopback, private or
 * link-local are dropped (one log line per lookup) unless {@code upstream.allow-private-dns} is set, so a spoofed
 * or hostile answer cannot aim Portico, and the browser's password, at the machine itself or the internal network.
 */
final class UpstreamAddresses {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamAddresses.class);

    /** One address to try, and whether its stream starts with TLS. */
    record Candidate(String host, InetSocketAddress address, boolean directTls) {
    }

    /** Resolves a host name (or IP literal) to addresses; Jetty's async resolver in production. */
    @FunctionalInterface
    interface HostResolver {
        CompletableFuture<List<InetSocketAddress>> resolve(String host, int port);
    }

    private final TlsPolicy policy;
    private final boolean allowPrivateDns;
    private final SrvLookup srv;
    private final HostResolver hosts;

    UpstreamAddresses(TlsPolicy policy, boolean allowPrivateDns, SrvLookup srv, HostResolver hosts) {
        this.policy = policy;
        this.allowPrivateDns = allowPrivateDns;
        this.srv = srv;
        this.hosts = hosts;
    }

    /** The candidates, best first; fails when there is none (the message says why, for the log). */
    CompletableFuture<List<Candidate>> find(UpstreamDomain domain) {
        if (domain.host().isPresent()) {
            // Configured by the operator: trusted as it is, private addresses included.
            return resolve(domain.host().get(), domain.port(), policy == TlsPolicy.DIRECT)
                .thenCompose(found -> found.isEmpty() ? noAddress(domain.domain() + " has no address") : done(found));
        }
        CompletableFuture<List<Candidate>> direct = policy == TlsPolicy.DISABLED
            ? done(null) : viaSrv(SrvLookup.Service.XMPPS_CLIENT, domain.domain(), true);
        CompletableFuture<List<Candidate>> startTls = policy == TlsPolicy.DIRECT
            ? done(null) : viaSrv(SrvLookup.Service.XMPP_CLIENT, domain.domain(), false);
        return direct.thenCombine(startTls, UpstreamAddresses::concat).thenCompose(found -> {
            if (found != null) {
                return done(found);
            }
            if (policy == TlsPolicy.DIRECT) {
                return noAddress("no _xmpps-client._tcp SRV record for " + domain.domain()
                    + ", which upstream.tls=direct needs (or give the domain a host and port)");
            }
            return resolve(domain.domain(), domain.port(), false);
        }).thenCompose(found -> refuseLocal(domain.domain(), found));
    }

    // Null (here and for a service not asked) when the domain has no record of the service at all (then the next source is tried), else the
    // resolved targets. A failed DNS query counts as no record, as RFC 6120 §3.2.1 suggests.
    private CompletableFuture<List<Candidate>> viaSrv(SrvLookup.Service service, String domain, boolean directTls) {
        return srv.lookup(service, domain).exceptionally(x -> {
            LOG.debug("SRV lookup {} failed: {}", service.recordName(domain), x.toString());
            return List.of();
        }).thenCompose(targets -> {
            if (targets.isEmpty()) {
                return done(null);
            }
            List<CompletableFuture<List<Candidate>>> all = new ArrayList<>();
            for (SrvLookup.Target t : targets) {
                all.add(resolve(t.host(), t.port(), directTls).exceptionally(x -> List.of()));
            }
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<Candidate> flat = new ArrayList<>();
                all.forEach(f -> flat.addAll(f.join()));
                return flat;
            });
        });
    }

    private CompletableFuture<List<Candidate>> refuseLocal(String domain, List<Candidate> found) {
        if (allowPrivateDns) {
            return found.isEmpty() ? noAddress(domain + " has no address in DNS") : done(found);
        }
        List<Candidate> kept = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Candidate c : found) {
            if (LocalAddresses.isLocal(c.address().getAddress())) {
                refused.add(c.host() + " -> " + c.address().getAddress().getHostAddress());
            } else {
                kept.add(c);
            }
        }
        if (!refused.isEmpty()) {
            LOG.warn("refusing DNS answers for {} that point to loopback, private or link-local addresses: {}"
                + " (set upstream.allow-private-dns: true if that is intended)", domain, refused);
        }
        if (kept.isEmpty()) {
            return noAddress(refused.isEmpty() ? domain + " has no address in DNS"
                : "every address DNS gives for " + domain + " is loopback, private or link-local (refused)");
        }
        return done(kept);
    }

    private CompletableFuture<List<Candidate>> resolve(String host, int port, boolean directTls) {
        return hosts.resolve(host, port).thenApply(addresses -> {
            List<Candidate> candidates = new ArrayList<>(addresses.size());
            addresses.forEach(a -> candidates.add(new Candidate(host, a, directTls)));
            return candidates;
        });
    }

    // Null + null stays null (no SRV record of either service); otherwise the direct TLS targets come first.
    private static List<Candidate> concat(List<Candidate> first, List<Candidate> second) {
        if (first == null && second == null) {
            return null;
        }
        List<Candidate> all = new ArrayList<>();
        if (first != null) {
            all.addAll(first);
        }
        if (second != null) {
            all.addAll(second);
        }
        return all;
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static CompletableFuture<List<Candidate>> noAddress(String why) {
        return CompletableFuture.failedFuture(new UnknownHostException(why));
    }
}
