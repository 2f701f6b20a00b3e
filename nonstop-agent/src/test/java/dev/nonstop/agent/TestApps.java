package dev.nonstop.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Runnable jars built at test time: {@link #tinyApp} compiles a small HTTP server with the JDK's
 * compiler. It listens on {@code PORT} and answers {@code hello from <instance> version <v>}; on
 * SIGTERM it exits 0 through a shutdown hook, unless {@code IGNORE_TERM=true}, when it ignores
 * SIGTERM (only SIGKILL ends it); with {@code EXIT_CODE=n} it prints {@code MESSAGE} and exits with
 * n on its own right away.
 */
public final class TestApps {
    private static final String SOURCE =
            """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            import java.nio.charset.StandardCharsets;

            public class TinyApp {
                public static void main(String[] args) throws Exception {
                    String id = System.getenv("NONSTOP_INSTANCE_ID");
                    int port = Integer.parseInt(System.getenv("PORT"));
                    System.out.println("tiny app " + id + " version %s in " + System.getProperty("user.dir")
                            + " message " + System.getenv("MESSAGE") + " SERVER_PORT " + System.getenv("SERVER_PORT")
                            + " PROBES " + System.getenv("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED")
                            + " args " + String.join(" ", args));
                    String exitCode = System.getenv("EXIT_CODE");
                    if (exitCode != null) {
                        System.out.println("exiting on my own with " + exitCode);
                        System.out.flush();
                        System.exit(Integer.parseInt(exitCode));
                    }
                    boolean ignoreTerm = "true".equals(System.getenv("IGNORE_TERM"));
                    if (ignoreTerm) {
                        // Before the port is bound: a test that sees the port open may send SIGTERM at once.
                        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> System.out.println("ignoring SIGTERM"));
                    }
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                    server.createContext("/", exchange -> {
                        byte[] body = ("hello from " + id + " version %s").getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    if (!ignoreTerm) {
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                            System.out.println("SIGTERM: stopping gracefully");
                            server.stop(0);
                            System.out.flush();
                            Runtime.getRuntime().halt(0);
                        }));
                    }
                    server.start();
                    System.out.println("listening on " + port);
                }
            }
            """;

    private TestApps() {}

    /** Compiles the tiny app saying {@code version} and packages it as {@code dir/tiny-<version>.jar}. */
    public static Path tinyApp(Path dir, String version) {
        try {
            Path src = Files.createDirectories(dir.resolve("src-" + version));
            Path classes = Files.createDirectories(dir.resolve("classes-" + version));
            Path file = src.resolve("TinyApp.java");
            Files.writeString(file, SOURCE.formatted(version, version));
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int rc = ToolProvider.getSystemJavaCompiler()
                    .run(
                            null,
                            errors,
                            errors,
                            "-nowarn",
                            "-XDignore.symbol.file",
                            "-d",
                            classes.toString(),
                            file.toString());
            if (rc != 0) {
                throw new IllegalStateException("cannot compile the tiny app: " + errors);
            }
            Path jar = dir.resolve("tiny-" + version + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest("TinyApp"));
                    Stream<Path> files = Files.list(classes)) {
                for (Path c : files.toList()) {
                    out.putNextEntry(new JarEntry(c.getFileName().toString()));
                    Files.copy(c, out);
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A jar with a Main-Class and one text entry, cheap to make; {@code content} varies its digest. */
    public static Path manifestOnlyJar(Path file, String content) {
        try (OutputStream raw = Files.newOutputStream(file);
                JarOutputStream out = new JarOutputStream(raw, manifest("Main"))) {
            out.putNextEntry(new JarEntry("content.txt"));
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static Manifest manifest(String mainClass) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        return manifest;
    }

    /** A port free right now on the loopback address. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
