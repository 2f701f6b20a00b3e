package dev.nonstop.gateway.contract;

import java.util.List;
import java.util.Objects;

/**
 * How the gateway picks one group of an app for each request (gray release, canary, blue-green).
 *
 * <p>Order: (1) the explicit rules ({@link HeaderRule}, {@link CookieRule}, {@link NetworkRule}) in
 * table order, first match wins; (2) the pin cookie, if it names a group with a member able to take
 * requests; (3) the {@link PercentRule}s in order; (4) {@code defaultGroup}. When the group came from
 * (3) or (4) and the request carries no valid pin for it, the response sets the pin cookie, so the
 * user stays on that group for the rest of the rollout. When the chosen group has no member able to
 * take the request, the gateway falls back to {@code defaultGroup}, then to any group.
 *
 * @param pin the pin cookie; {@code null} gives {@link PinCookie#defaults()}
 * @param trustedForwardedHops 0: the client address is the TCP peer; n &gt; 0: the n-th address from the
 *     right of {@code X-Forwarded-For} (when present) is the client address, for {@link NetworkRule}s
 *     and the {@link PercentKey.Kind#CLIENT_ADDRESS} key
 */
public record GrayRouting(String defaultGroup, List<GrayRule> rules, PinCookie pin, int trustedForwardedHops) {
    /** The largest {@code trustedForwardedHops} accepted. */
    public static final int MAX_TRUSTED_HOPS = 16;

    public GrayRouting {
        Objects.requireNonNull(defaultGroup, "defaultGroup");
        rules = List.copyOf(rules);
        if (pin == null) {
            pin = PinCookie.defaults();
        }
    }

    /** Everything to {@code defaultGroup}, default pin cookie, client address = TCP peer. */
    public static GrayRouting to(String defaultGroup, GrayRule... rules) {
        return new GrayRouting(defaultGroup, List.of(rules), PinCookie.defaults(), 0);
    }

    public GrayRouting withRules(List<GrayRule> newRules) {
        return new GrayRouting(defaultGroup, newRules, pin, trustedForwardedHops);
    }

    public GrayRouting withDefaultGroup(String newDefault) {
        return new GrayRouting(newDefault, rules, pin, trustedForwardedHops);
    }

    public GrayRouting withTrustedForwardedHops(int hops) {
        return new GrayRouting(defaultGroup, rules, pin, hops);
    }

    public GrayRouting withPin(PinCookie newPin) {
        return new GrayRouting(defaultGroup, rules, newPin, trustedForwardedHops);
    }
}
