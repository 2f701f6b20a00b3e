/**
 * What a process exposes on the network: {@link dev.nonstop.testing.sockets.ListeningSockets} lists the TCP sockets
 * this JVM listens on, so a test can assert that something opened no listener, or only loopback ones.
 */
package dev.nonstop.testing.sockets;
