package dev.nonstop.agent.artifact;

import dev.nonstop.agent.contract.InvalidInputException;
import dev.nonstop.common.problem.Problem;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHA-256 helpers: digests and the validation of a digest given as hex. */
public final class Sha256 {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private Sha256() {}

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The digest of {@code bytes}, lower-case hex. */
    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /**
     * {@code hex} in lower case, or null when null.
     *
     * @throws InvalidInputException naming {@code field} when it is not 64 hex digits
     */
    public static String normalize(String field, String hex) {
        if (hex == null) {
            return null;
        }
        if (!HEX.matcher(hex).matches()) {
            throw new InvalidInputException(Problem.of(field, hex, "64 hex digits"));
        }
        return hex.toLowerCase(Locale.ROOT);
    }
}
