package dev.nonstop.controller.release.spec;

import java.util.Locale;
import java.util.Optional;

/** How a drain is verified: by whom the release learns that an instance has no work left. */
public enum DrainMode {
    /** Every gateway reports 0 in flight and no open upgraded connection for the member. */
    GATEWAY,
    /** The gateways as above, and the app's own {@code GET /nonstop/status} reports {@code idle}. */
    APP,
    /**
     * {@link #APP} when the app answers {@code GET /nonstop/status}, {@link #GATEWAY} when it does not (404): one quick
     * probe per instance decides, and the release's events say which.
     */
    AUTO;

    /** The mode named {@code text} in any case ({@code gateway}, {@code APP}, {@code Auto}). */
    public static Optional<DrainMode> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code gateway, app or auto}, for messages. */
    public static final String EXPECTED = "gateway, app or auto";
}
