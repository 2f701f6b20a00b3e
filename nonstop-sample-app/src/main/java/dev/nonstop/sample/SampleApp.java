package dev.nonstop.sample;

import dev.nonstop.sample.config.ConfigException;
import dev.nonstop.sample.config.SampleConfig;
import dev.nonstop.sample.config.SampleConfigParser;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;

/**
 * {@code java -jar nonstop-sample-app-v2.jar [--KEY=value ...]}: configures from the environment
 * and the arguments, starts the server, prints {@code LISTENING <port>} on stdout and registers
 * the graceful stop for SIGTERM. Exit status 2 for a bad configuration, 1 when the address cannot
 * be bound; 0 after a graceful stop.
 */
public final class SampleApp {

    private SampleApp() {}

    public static void main(String[] args) {
        SampleConfig config;
        try {
            config = new SampleConfigParser(SampleApp::hostnameAndPid).parse(System.getenv(), List.of(args));
        } catch (ConfigException e) {
            System.err.println("nonstop-sample-app: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config.usesDevSessionSecret()) {
            System.err.println("nonstop-sample-app: warning: " + SampleConfigParser.SESSION_SECRET
                    + " is not set; sessions are signed with the public development secret");
        }
        SampleServer server;
        try {
            server = SampleServer.start(config, AppVersion.fromClasspath(), Clock.systemUTC());
        } catch (IOException e) {
            System.err.println(
                    "nonstop-sample-app: cannot listen on " + config.host() + ":" + config.port() + ": " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server.gracefulStop(System.err), "sample-graceful-stop"));
        System.out.println("LISTENING " + server.port());
        System.out.flush();
    }

    private static String hostnameAndPid() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
