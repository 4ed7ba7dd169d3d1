package dev.portico.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a gateway test needs on its XMPP server, independent of which server runs it: domain, users
 * (one shared password), mutual rosters and whether c2s requires STARTTLS. Immutable; each method
 * returns a changed copy.
 *
 * @param domain the XMPP domain
 * @param users local parts to register
 * @param password the password of every user
 * @param requireEncryption whether c2s requires STARTTLS before SASL
 * @param rosters mutual ("both") roster items
 */
public record XmppServerSetup(String domain, List<String> users, String password, boolean requireEncryption,
        List<RosterPair> rosters) {

    /** Two users on each other's roster with subscription {@code both}, in {@code group} (may be null). */
    public record RosterPair(String a, String b, String group) {
    }

    /** Domain {@code localhost}, password {@code secret}, no users, STARTTLS optional. */
    public static XmppServerSetup localhost() {
        return new XmppServerSetup("localhost", List.of(), "secret", false, List.of());
    }

    public XmppServerSetup {
        requireName(domain, "domain");
        users.forEach(u -> requireName(u, "user"));
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("password must not be empty");
        }
        users = List.copyOf(users);
        rosters = List.copyOf(rosters);
    }

    /**
     * @return {@code name} if it is a plain lower-case name that every server's tools take unquoted
     * @throws IllegalArgumentException naming {@code what} otherwise
     */
    static String requireName(String name, String what) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException(what + " must be lower-case letters, digits, '.', '_' or '-': " + name);
        }
        return name;
    }

    /** Adds users. */
    public XmppServerSetup users(String... localParts) {
        Set<String> all = new LinkedHashSet<>(users);
        all.addAll(List.of(localParts));
        return new XmppServerSetup(domain, new ArrayList<>(all), password, requireEncryption, rosters);
    }

    /** Sets whether c2s requires STARTTLS. */
    public XmppServerSetup requireEncryption(boolean required) {
        return new XmppServerSetup(domain, users, password, required, rosters);
    }

    /** Puts {@code a} and {@code b} on each other's roster (both registered as users). */
    public XmppServerSetup rosterBoth(String a, String b, String group) {
        List<RosterPair> pairs = new ArrayList<>(rosters);
        pairs.add(new RosterPair(a, b, group));
        return new XmppServerSetup(domain, users, password, requireEncryption, pairs).users(a, b);
    }
}
