package dev.nonstop.agent.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free TCP ports on this host, chosen by the operating system among its ephemeral ports. */
public final class FreePorts {

    private FreePorts() {}

    /**
     * A port no socket is bound to on any address of this host right now. Nothing holds it: whoever
     * binds it first gets it, so start the instance soon after.
     *
     * @throws UncheckedIOException when the host has no port to give
     */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on this host: " + e.getMessage(), e);
        }
    }
}
