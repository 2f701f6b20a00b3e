package dev.nonstop.gateway.contract;

/** One entry rule of {@link GrayRouting}: requests it matches go to {@link #group()}. */
public sealed interface GrayRule permits HeaderRule, CookieRule, NetworkRule, PercentRule {
    /** The group the matching requests go to. */
    String group();
}
