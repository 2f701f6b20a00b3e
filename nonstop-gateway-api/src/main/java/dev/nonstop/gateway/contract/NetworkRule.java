package dev.nonstop.gateway.contract;

import java.util.List;
import java.util.Objects;

/**
 * Requests whose client address (see {@link GrayRouting#trustedForwardedHops()}) is in one of the
 * {@code cidrs} go to {@code group}. IPv4 and IPv6 CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8}); a bare
 * address is a /32 or /128. See {@link Cidr}.
 */
public record NetworkRule(List<String> cidrs, String group) implements GrayRule {
    public NetworkRule {
        cidrs = List.copyOf(cidrs);
        Objects.requireNonNull(group, "group");
    }
}
