package dev.portico.transport;

/**
 * An IP address or CIDR range ({@code 10.0.0.0/8}, {@code ::1}), matched against IP literals only (never a
 * DNS lookup). Immutable.
 *
 * @param network the range's address bytes (4 or 16)
 * @param prefix  how many leading bits must match
 */
public record AddressRange(byte[] network, int prefix) {
    /** Parses an address or CIDR range; throws {@link IllegalArgumentException} for anything else. */
    public static AddressRange parse(String text) {
        int slash = text.indexOf('/');
        byte[] network = ClientAddresses.literal(slash < 0 ? text : text.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range: " + text);
        }
        int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
        return new AddressRange(network, prefix);
    }

    /** True if {@code address} is an IP literal inside the range. */
    public boolean contains(String address) {
        byte[] bytes = ClientAddresses.literal(address);
        return bytes != null && contains(bytes);
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }
}
