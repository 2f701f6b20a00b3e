/**
 * The app side of Nonstop's release contract, with no dependency: what a Java app needs so that a
 * release can drain it, see it idle and resume it.
 *
 * <ul>
 *   <li>{@link dev.nonstop.app.NonstopApp}: one per app; draining or not, the participants, the
 *       status, the token ({@code NONSTOP_APP_TOKEN}) and the instance id ({@code NONSTOP_INSTANCE_ID}).
 *   <li>{@link dev.nonstop.app.DrainParticipant}: the SPI of what takes work and must finish it
 *       (HTTP requests, message consumers, jobs, RPC); {@link dev.nonstop.app.InFlight} counts work
 *       in progress and is the built-in {@code http} participant.
 *   <li>{@link dev.nonstop.app.NonstopEndpoints}: {@code GET /nonstop/status}, {@code POST
 *       /nonstop/drain}, {@code POST /nonstop/resume}, token-protected, for any HTTP server;
 *       {@link dev.nonstop.app.httpserver} adapts them to the JDK HTTP server, the Spring Boot starter
 *       to Spring MVC and WebFlux.
 * </ul>
 */
package dev.nonstop.app;
