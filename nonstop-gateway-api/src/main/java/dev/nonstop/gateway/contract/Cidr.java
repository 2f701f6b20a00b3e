package dev.nonstop.gateway.contract;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code fd00::/8}, a bare address is a /32 or /128),
 * parsed once with its mask precomputed; {@link #contains} is a few comparisons. Parsing never
 * resolves a name.
 */
public final class Cidr {
    private final byte[] network; // masked, 4 or 16 bytes
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong, e.g. {@code 10.0.0.0/33: prefix 33 (expected: 0-32)}
     */
    public static Cidr parse(String cidr) {
        if (cidr == null || cidr.isBlank()) {
            throw new IllegalArgumentException("an empty network (expected: an address or address/prefix)");
        }
        String s = cidr.strip();
        int slash = s.indexOf('/');
        String addressText = slash < 0 ? s : s.substring(0, slash);
        byte[] address = parseAddress(addressText);
        if (address == null) {
            throw new IllegalArgumentException(cidr + ": " + addressText + " is not an IPv4 or IPv6 address");
        }
        int max = address.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            prefix = parseDecimal(p, 0, p.length());
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException(cidr + ": prefix " + p + " (expected: 0-" + max + ")");
            }
        }
        byte[] network = address.clone();
        for (int i = 0; i < network.length; i++) {
            network[i] &= maskByte(prefix, i);
        }
        return new Cidr(network, prefix, addressText + "/" + prefix);
    }

    private static int maskByte(int prefix, int byteIndex) {
        int bits = prefix - byteIndex * 8;
        if (bits >= 8) {
            return 0xff;
        }
        if (bits <= 0) {
            return 0;
        }
        return (0xff << (8 - bits)) & 0xff;
    }

    /**
     * The 4 or 16 bytes of a literal IPv4 or IPv6 address (an IPv6 address may be in brackets), or
     * {@code null} when it is not one. Never resolves a name. IPv4-mapped IPv6 addresses give 4 bytes.
     */
    public static byte[] parseAddress(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return parseIpv4(text, 0, text.length());
        }
        String inner = text;
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            boolean ok =
                    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return null;
            }
        }
        try {
            // Bracketed, the JDK parses it as an IPv6 literal or fails; it never looks the text up.
            return InetAddress.getByName("[" + inner + "]").getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The 4 bytes of a dotted-quad IPv4 address in {@code s[from, to)}, or {@code null}. */
    public static byte[] parseIpv4(CharSequence s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '.') {
                if (part > 3) {
                    return null;
                }
                int v = parseDecimal(s, start, i);
                if (v < 0 || v > 255 || i - start > 3) {
                    return null;
                }
                out[part++] = (byte) v;
                start = i + 1;
            }
        }
        return part == 4 ? out : null;
    }

    private static int parseDecimal(CharSequence s, int from, int to) {
        if (from >= to || to - from > 3) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Whether {@code address} (4 or 16 bytes) is in this network; an address of the other family never is. */
    public boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int full = prefix >> 3;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        if (full < network.length) {
            int mask = maskByte(prefix, full);
            return (address[full] & mask) == (network[full] & 0xff);
        }
        return true;
    }

    /** The network's address (host bits cleared), 4 or 16 bytes; a copy. */
    public byte[] network() {
        return network.clone();
    }

    public int prefix() {
        return prefix;
    }

    public boolean isIpv6() {
        return network.length == 16;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    /** The network as parsed: the address as written, then {@code /prefix}. */
    @Override
    public String toString() {
        return text;
    }
}
