package dev.nonstop.spring.boot.dubbo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The local addresses listening on a TCP port, read from Linux's {@code /proc/net/tcp} and {@code
 * tcp6} (what {@code ss -ltn} shows), as {@code 127.0.0.1} (also for {@code ::ffff:127.0.0.1}), {@code
 * 0.0.0.0}, {@code ::} and the like: a test checks that its servers listen on the loopback address only without sending any
 * packet elsewhere.
 */
final class LoopbackListeners {

    private LoopbackListeners() {}

    static List<String> listening(int port) {
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                boolean listen = "0A".equals(fields[3]);
                if (listen && Integer.parseInt(local[1], 16) == port) {
                    addresses.add(address(local[0]));
                }
            }
        }
        return addresses;
    }

    /** The kernel's hex form (IPv4: one 32-bit word, little endian here) as text. */
    private static String address(String hex) {
        if (hex.length() == 8) {
            long word = Long.parseLong(hex, 16);
            return (word & 0xff) + "." + ((word >> 8) & 0xff) + "." + ((word >> 16) & 0xff) + "."
                    + ((word >> 24) & 0xff);
        }
        // IPv6: an IPv4-mapped address (::ffff:a.b.c.d, Java's dual-stack sockets) as its IPv4 address, "::" for
        // the wildcard, else the kernel's hex form (any other IPv6 listener fails a loopback check).
        if (hex.toUpperCase(Locale.ROOT).startsWith("0000000000000000FFFF0000")) {
            return address(hex.substring(24));
        }
        return hex.chars().allMatch(c -> c == '0') ? "::" : "ipv6:" + hex.toLowerCase(Locale.ROOT);
    }
}
