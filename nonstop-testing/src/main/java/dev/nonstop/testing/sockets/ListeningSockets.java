package dev.nonstop.testing.sockets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets this process listens on, read from {@code /proc/net/tcp} and {@code /proc/net/tcp6} and matched to
 * the process's own descriptors in {@code /proc/self/fd} (Linux only).
 *
 * <pre>{@code
 * Set<Listener> before = ListeningSockets.ofThisProcess();
 * openSomething();
 * assertThat(ListeningSockets.ofThisProcess()).isSubsetOf(before); // it opened no listener
 * }</pre>
 */
public final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    /** One listening socket: the address it is bound to (a wildcard address means every interface) and its port. */
    public record Listener(InetAddress address, int port, long inode) {
        /** Whether only this host can connect: bound to a loopback address, not a wildcard or an interface's. */
        public boolean isLoopbackOnly() {
            return address.isLoopbackAddress();
        }

        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port + " (inode " + inode + ")";
        }
    }

    /**
     * The listening TCP sockets this process holds now.
     *
     * @throws UnsupportedOperationException when there is no {@code /proc} (not Linux)
     */
    public static Set<Listener> ofThisProcess() {
        if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
            throw new UnsupportedOperationException("no /proc/self/fd: listing sockets needs Linux");
        }
        try {
            Set<Long> inodes = socketInodes();
            Set<Listener> listeners = new HashSet<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path file = Path.of(table);
                if (!Files.exists(file)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (String line : lines.subList(1, lines.size())) { // after the header
                    String[] f = line.strip().split("\\s+");
                    long inode = Long.parseLong(f[9]);
                    if (f[3].equals(LISTEN) && inodes.contains(inode)) {
                        String[] local = f[1].split(":");
                        listeners.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16), inode));
                    }
                }
            }
            return listeners;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The inodes of the sockets among this process's open descriptors. */
    private static Set<Long> socketInodes() throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (NoSuchFileException closed) {
                    continue;
                }
                if (target.startsWith("socket:[")) {
                    inodes.add(Long.parseLong(target.substring("socket:[".length(), target.length() - 1)));
                }
            }
        }
        return inodes;
    }

    /** An address as {@code /proc/net/tcp*} writes it: each 32-bit word of it as a number in host byte order. */
    private static InetAddress address(String hex) throws UnknownHostException {
        byte[] raw = HexFormat.of().parseHex(hex);
        if (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
            return InetAddress.getByAddress(raw);
        }
        byte[] bytes = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                bytes[word + i] = raw[word + 3 - i];
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
