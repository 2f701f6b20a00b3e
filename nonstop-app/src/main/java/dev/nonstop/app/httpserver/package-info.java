/**
 * The contract on the JDK HTTP server ({@code com.sun.net.httpserver}, module {@code
 * jdk.httpserver}): {@link dev.nonstop.app.httpserver.NonstopHttpHandler}.
 */
package dev.nonstop.app.httpserver;
