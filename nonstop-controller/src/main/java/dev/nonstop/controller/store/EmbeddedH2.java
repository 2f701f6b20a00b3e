package dev.nonstop.controller.store;

import dev.nonstop.common.token.BearerToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded H2 database of {@code nonstop up}: {@code nonstop.mv.db} in a directory only its owner can enter.
 *
 * <ul>
 *   <li>Embedded only, no server mode: nothing listens on the network, and while the platform has the file open H2's
 *       file lock refuses every other process, which gets an error naming the directory.
 *   <li>The database user {@code NONSTOP} has a random password, kept in {@code store.password} beside the database.
 *   <li>The directory is made 0700 and the store's files 0600, on open and on close (H2 creates its files with the
 *       process's umask; the 0700 directory already keeps other users out of them in between).
 * </ul>
 *
 * <p>Stores made by earlier versions (user {@code SA} with an empty password, opened with {@code AUTO_SERVER=TRUE})
 * are upgraded on their first open: the user is renamed and given the password. The password file is written before
 * the database is changed, so an upgrade cut short is finished by the next open.
 */
final class EmbeddedH2 {
    static final String USER = "NONSTOP";
    static final String PASSWORD_FILE = "store.password";
    static final String DATABASE = "nonstop";

    private static final String LEGACY_USER = "SA";
    private static final int WRONG_USER_OR_PASSWORD = 28000;
    private static final int DATABASE_ALREADY_OPEN = 90020;
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path dir;
    private final boolean posix;

    private EmbeddedH2(Path dir, boolean posix) {
        this.dir = dir;
        this.posix = posix;
    }

    /** Opens (creating or upgrading) the store in {@code dir}. */
    static ControllerStore open(Path dir) {
        Path absolute = dir.toAbsolutePath();
        EmbeddedH2 h2;
        String password;
        boolean existed;
        try {
            h2 = new EmbeddedH2(absolute, createPrivateDirectory(absolute));
            password = h2.readOrCreatePassword();
            existed = Files.exists(h2.databaseFile());
            if (!existed) {
                // Created before H2 opens it, so the database is never readable by others.
                h2.createOwnerOnly(h2.databaseFile(), "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the store directory " + absolute + ": " + e.getMessage(), e);
        }
        ControllerStore store;
        try {
            store = h2.connect(password);
        } catch (ControllerStoreException e) {
            if (!existed || errorCode(e) != WRONG_USER_OR_PASSWORD) {
                throw h2.explained(e);
            }
            h2.upgradeLegacy(password);
            store = h2.connect(password);
        }
        h2.restrictFiles();
        return store;
    }

    private Path databaseFile() {
        return dir.resolve(DATABASE + ".mv.db");
    }

    private String url() {
        // No AUTO_SERVER, no TCP server: only this process can reach the database. WRITE_DELAY=0: each commit is
        // written to the file when it is made (H2's default writes commits in the background every 500 ms, so a
        // `nonstop up` killed with SIGKILL lost a release it had accepted and started seconds before).
        return "jdbc:h2:file:" + dir.resolve(DATABASE) + ";WRITE_DELAY=0";
    }

    private ControllerStore connect(String password) {
        return ControllerStore.jdbc(url(), USER, password, this::restrictFiles);
    }

    /**
     * Renames the user of a store made by an earlier version ({@code SA}, empty password) and gives it the password.
     */
    private void upgradeLegacy(String password) {
        try (Connection c = DriverManager.getConnection(url(), LEGACY_USER, "")) {
            try (Statement s = c.createStatement()) {
                s.execute("ALTER USER " + LEGACY_USER + " RENAME TO " + USER);
            }
            try (PreparedStatement p = c.prepareStatement("ALTER USER " + USER + " SET PASSWORD ?")) {
                p.setString(1, password);
                p.execute();
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == WRONG_USER_OR_PASSWORD) {
                throw new ControllerStoreException(
                        "the store " + databaseFile() + " refuses the password in " + dir.resolve(PASSWORD_FILE)
                                + " (expected: the password it was created with; restore that file, or move the"
                                + " database away to start with an empty store)",
                        e);
            }
            throw explained(new ControllerStoreException(
                    "cannot upgrade the store " + databaseFile() + " to a password: " + e.getMessage(), e));
        }
    }

    /** The failure as an operator can act on it: a store in use names the directory and the likely cause. */
    private ControllerStoreException explained(ControllerStoreException e) {
        if (errorCode(e) == DATABASE_ALREADY_OPEN) {
            return new ControllerStoreException(
                    "the store in " + dir + " is in use by another process (is another nonstop up running with this"
                            + " data directory?)",
                    e);
        }
        return e;
    }

    private static int errorCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getErrorCode();
            }
        }
        return 0;
    }

    private String readOrCreatePassword() throws IOException {
        Path file = dir.resolve(PASSWORD_FILE);
        if (Files.notExists(file)) {
            String password = BearerToken.newRandomToken();
            try {
                createOwnerOnly(file, password + "\n");
                return password;
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first: use theirs (it will find the database in use).
            }
        }
        String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (password.isEmpty()) {
            throw new IOException(file + " is empty (expected: the store's password)");
        }
        return password;
    }

    /** Creates a file readable by the owner only, in one step: there is no moment when it is not. */
    private void createOwnerOnly(Path file, String content) throws IOException {
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(
                file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    /** Creates {@code dir} as 0700, or makes an existing one 0700; whether the file system is POSIX. */
    private static boolean createPrivateDirectory(Path dir) throws IOException {
        Path ancestor = dir;
        while (ancestor != null && Files.notExists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        boolean posix = ancestor != null && Files.getFileStore(ancestor).supportsFileAttributeView("posix");
        if (!posix) {
            Files.createDirectories(dir);
        } else if (Files.notExists(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        } else {
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIRECTORY);
        }
        return posix;
    }

    /**
     * Makes the store's own files (the password file and H2's {@code nonstop.*} files) 0600 and the directory 0700.
     * Other files in the directory belong to others and are left alone.
     */
    private void restrictFiles() {
        if (!posix) {
            return;
        }
        try {
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIRECTORY);
            List<Path> files;
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(EmbeddedH2::isStoreFile)
                        .filter(Files::isRegularFile)
                        .toList();
            }
            for (Path file : files) {
                try {
                    Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
                } catch (NoSuchFileException gone) {
                    // H2 removed a temporary file meanwhile.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the store's files in " + dir + " owner-only", e);
        }
    }

    private static boolean isStoreFile(Path file) {
        String name = file.getFileName().toString();
        return name.equals(PASSWORD_FILE) || name.startsWith(DATABASE + ".");
    }
}
