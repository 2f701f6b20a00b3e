package dev.nonstop.gateway.proxy;

import dev.nonstop.gateway.contract.Cidr;
import dev.nonstop.gateway.contract.CookieRule;
import dev.nonstop.gateway.contract.GrayRouting;
import dev.nonstop.gateway.contract.GrayRule;
import dev.nonstop.gateway.contract.HeaderRule;
import dev.nonstop.gateway.contract.NetworkRule;
import dev.nonstop.gateway.contract.PercentKey;
import dev.nonstop.gateway.contract.PercentRule;
import dev.nonstop.gateway.contract.UserBucket;
import dev.nonstop.gateway.http.RequestHead;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An app's {@link GrayRouting}, compiled once per table for the hot path: header names lower-cased
 * to bytes, cookie names and values as bytes, CIDR masks precomputed, group names as bytes. Choosing
 * a group scans the request head's bytes (no regex, no cookie decoding into objects, no strings
 * except for an IPv6 address in {@code X-Forwarded-For}).
 *
 * <p>Order, as {@link GrayRouting} says: explicit rules (header, cookie, network) in table order,
 * first match wins; then the pin cookie when it names a group that can take requests; then the
 * percent rules in order; then the default group.
 */
final class GroupRouter {
    private final GroupRuntime[] groups;
    private final GroupRuntime defaultGroup;
    private final Explicit[] explicit;
    private final Percent[] percents;
    private final byte[] pinName;
    private final int hops;
    private final PercentKey userKey;
    private final byte[] userKeyName;

    private GroupRouter(
            GroupRuntime[] groups,
            GroupRuntime defaultGroup,
            Explicit[] explicit,
            Percent[] percents,
            byte[] pinName,
            int hops,
            PercentKey userKey) {
        this.groups = groups;
        this.defaultGroup = defaultGroup;
        this.explicit = explicit;
        this.percents = percents;
        this.pinName = pinName;
        this.hops = hops;
        this.userKey = userKey;
        this.userKeyName = userKey == null ? null : keyName(userKey);
    }

    /** @param groups the app's groups in table order, by name */
    static GroupRouter compile(GrayRouting routing, List<GroupRuntime> groups) {
        Map<String, GroupRuntime> byName = new java.util.HashMap<>();
        groups.forEach(g -> byName.put(g.name, g));
        List<Explicit> explicit = new ArrayList<>();
        List<Percent> percents = new ArrayList<>();
        PercentKey userKey = null;
        for (GrayRule rule : routing.rules()) {
            GroupRuntime target = byName.get(rule.group());
            switch (rule) {
                case HeaderRule h ->
                    explicit.add(new Explicit(
                            Explicit.HEADER,
                            lowerAscii(h.name()),
                            h.value() == null ? null : latin1(h.value()),
                            null,
                            target));
                case CookieRule c ->
                    explicit.add(new Explicit(
                            Explicit.COOKIE,
                            latin1(c.name()),
                            c.value() == null ? null : latin1(c.value()),
                            null,
                            target));
                case NetworkRule n ->
                    explicit.add(new Explicit(Explicit.NETWORK, null, null, Networks.of(n.cidrs()), target));
                case PercentRule p -> {
                    percents.add(new Percent(p.bucketLimit(), p.key(), keyName(p.key()), target));
                    if (userKey == null) {
                        userKey = p.key();
                    }
                }
            }
        }
        return new GroupRouter(
                groups.toArray(GroupRuntime[]::new),
                byName.get(routing.defaultGroup()),
                explicit.toArray(Explicit[]::new),
                percents.toArray(Percent[]::new),
                latin1(routing.pin().name()),
                routing.trustedForwardedHops(),
                userKey);
    }

    GroupRuntime[] groups() {
        return groups;
    }

    GroupRuntime defaultGroup() {
        return defaultGroup;
    }

    /** Chooses the group for a request. */
    GroupChoice route(RequestHead request, FrontendHandler front) {
        GroupChoice choice = new GroupChoice();
        byte[] head = request.headBytes();
        long pin = request.cookieRange(pinName);
        if (pin >= 0) {
            choice.pinnedIndex = groupNamed(request, pin);
        }
        // Client address, looked up at most once: the X-Forwarded-For entry (trusted hops) or the peer.
        long forwarded = -2;
        for (Explicit rule : explicit) {
            boolean match;
            if (rule.kind == Explicit.NETWORK) {
                if (forwarded == -2) {
                    forwarded = hops > 0 ? request.forwardedForEntry(hops) : -1;
                }
                match = rule.networks.contains(request, forwarded, front);
            } else {
                long value =
                        rule.kind == Explicit.HEADER ? request.fieldRange(rule.name) : request.cookieRange(rule.name);
                match = value >= 0 && (rule.value == null || request.rangeEquals(value, rule.value));
            }
            if (match) {
                choice.group = rule.target;
                choice.userHash = userHash(request, front, forwarded);
                return choice;
            }
        }
        if (choice.pinnedIndex >= 0 && groups[choice.pinnedIndex].available()) {
            choice.group = groups[choice.pinnedIndex];
            choice.userHash = userHash(request, front, forwarded);
            return choice;
        }
        choice.pinWanted = true;
        int randomBucket = -1;
        for (Percent rule : percents) {
            int bucket;
            long value = keyValue(request, rule.key, rule.keyName, front, forwarded);
            if (value >= 0) {
                bucket = UserBucket.of(
                        head,
                        RequestHead.rangeStart(value),
                        RequestHead.rangeEnd(value) - RequestHead.rangeStart(value));
            } else if (value == CLIENT_PEER) {
                byte[] peer = front.clientIpBytes();
                bucket = UserBucket.of(peer, 0, peer.length);
            } else {
                if (randomBucket < 0) {
                    randomBucket = ThreadLocalRandom.current().nextInt(UserBucket.BUCKETS);
                }
                bucket = randomBucket;
            }
            if (bucket < rule.bucketLimit) {
                choice.group = rule.target;
                choice.userHash = userHash(request, front, forwarded);
                return choice;
            }
        }
        choice.group = defaultGroup;
        choice.userHash = userHash(request, front, forwarded);
        return choice;
    }

    /** The key value is the TCP peer's address (text in {@link FrontendHandler#clientIpBytes()}). */
    private static final long CLIENT_PEER = -3;

    /** The range of the key's value in the head, {@link #CLIENT_PEER}, or -1 when the request lacks it. */
    private long keyValue(RequestHead request, PercentKey key, byte[] name, FrontendHandler front, long forwarded) {
        return switch (key.kind()) {
            case COOKIE -> request.cookieRange(name);
            case HEADER -> request.fieldRange(name);
            case CLIENT_ADDRESS -> {
                long entry = forwarded != -2 ? forwarded : hops > 0 ? request.forwardedForEntry(hops) : -1;
                yield entry >= 0 ? entry : CLIENT_PEER;
            }
        };
    }

    /** The user's key hash: the first percent rule's key value, else the client address (as text). */
    private int userHash(RequestHead request, FrontendHandler front, long forwarded) {
        if (userKey != null) {
            long value = keyValue(request, userKey, userKeyName, front, forwarded);
            if (value >= 0) {
                return hashOf(request, value);
            }
        }
        long entry = forwarded != -2 ? forwarded : hops > 0 ? request.forwardedForEntry(hops) : -1;
        if (entry >= 0) {
            return hashOf(request, entry);
        }
        byte[] peer = front.clientIpBytes();
        return UserBucket.murmur3(peer, 0, peer.length);
    }

    private static int hashOf(RequestHead request, long range) {
        int start = RequestHead.rangeStart(range);
        return UserBucket.murmur3(request.headBytes(), start, RequestHead.rangeEnd(range) - start);
    }

    private int groupNamed(RequestHead request, long value) {
        for (GroupRuntime g : groups) {
            if (request.rangeEquals(value, g.nameBytes)) {
                return g.index;
            }
        }
        return -1;
    }

    private static byte[] keyName(PercentKey key) {
        return switch (key.kind()) {
            case COOKIE -> latin1(key.name());
            case HEADER -> lowerAscii(key.name());
            case CLIENT_ADDRESS -> null;
        };
    }

    private static byte[] lowerAscii(String s) {
        return s.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private record Explicit(int kind, byte[] name, byte[] value, Networks networks, GroupRuntime target) {
        static final int HEADER = 0;
        static final int COOKIE = 1;
        static final int NETWORK = 2;
    }

    private record Percent(int bucketLimit, PercentKey key, byte[] keyName, GroupRuntime target) {}

    /** A network rule's CIDRs: IPv4 as int network and mask, IPv6 as parsed {@link Cidr}s. */
    static final class Networks {
        private final int[] v4Networks;
        private final int[] v4Masks;
        private final Cidr[] v6;

        private Networks(int[] v4Networks, int[] v4Masks, Cidr[] v6) {
            this.v4Networks = v4Networks;
            this.v4Masks = v4Masks;
            this.v6 = v6;
        }

        static Networks of(List<String> cidrs) {
            List<Cidr> v4 = new ArrayList<>();
            List<Cidr> v6 = new ArrayList<>();
            for (String text : cidrs) {
                Cidr cidr = Cidr.parse(text);
                (cidr.isIpv6() ? v6 : v4).add(cidr);
            }
            int[] networks = new int[v4.size()];
            int[] masks = new int[v4.size()];
            for (int i = 0; i < v4.size(); i++) {
                Cidr c = v4.get(i);
                String address = c.toString().substring(0, c.toString().indexOf('/'));
                byte[] b = Cidr.parseAddress(address);
                masks[i] = c.prefix() == 0 ? 0 : -1 << (32 - c.prefix());
                networks[i] = toInt(b) & masks[i];
            }
            return new Networks(networks, masks, v6.toArray(Cidr[]::new));
        }

        boolean containsV4(int address) {
            for (int i = 0; i < v4Networks.length; i++) {
                if ((address & v4Masks[i]) == v4Networks[i]) {
                    return true;
                }
            }
            return false;
        }

        boolean containsV6(byte[] address) {
            for (Cidr c : v6) {
                if (c.contains(address)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the client address (the forwarded entry when {@code forwarded >= 0}, else the peer) is in. */
        boolean contains(RequestHead request, long forwarded, FrontendHandler front) {
            if (forwarded >= 0) {
                byte[] head = request.headBytes();
                int start = RequestHead.rangeStart(forwarded);
                int end = RequestHead.rangeEnd(forwarded);
                long v4 = parseV4(head, start, end);
                if (v4 >= 0) {
                    return containsV4((int) v4);
                }
                byte[] address = Cidr.parseAddress(new String(head, start, end - start, StandardCharsets.ISO_8859_1));
                if (address != null) {
                    return address.length == 4 ? containsV4(toInt(address)) : containsV6(address);
                }
                // Not an address (e.g. "unknown"): judged by the peer instead.
            }
            byte[] peer = front.peerAddress();
            if (peer == null) {
                return false;
            }
            return peer.length == 4 ? containsV4(toInt(peer)) : containsV6(peer);
        }

        /** A dotted-quad IPv4 address in {@code b[start, end)} as an unsigned int, or -1. */
        static long parseV4(byte[] b, int start, int end) {
            int value = 0;
            int part = 0;
            int digits = 0;
            int octet = 0;
            for (int i = start; i < end; i++) {
                byte c = b[i];
                if (c >= '0' && c <= '9') {
                    octet = octet * 10 + (c - '0');
                    if (++digits > 3 || octet > 255) {
                        return -1;
                    }
                } else if (c == '.') {
                    if (digits == 0 || part == 3) {
                        return -1;
                    }
                    value = value << 8 | octet;
                    part++;
                    digits = 0;
                    octet = 0;
                } else {
                    return -1;
                }
            }
            if (digits == 0 || part != 3) {
                return -1;
            }
            return (value << 8 | octet) & 0xffffffffL;
        }

        private static int toInt(byte[] b) {
            return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        }
    }
}
