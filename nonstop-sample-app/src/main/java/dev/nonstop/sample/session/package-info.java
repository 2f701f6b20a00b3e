/**
 * Stateless sessions that survive restarts and version changes.
 *
 * <p>A session lives entirely in the {@code SAMPLE_SESSION} cookie: the user name and the time it
 * was issued, signed with HMAC-SHA256 under the secret that all instances share
 * ({@link dev.nonstop.sample.session.SessionSigner}). Any instance of any version accepts a cookie
 * issued by any other, so releasing an instance logs nobody out. A cookie whose payload or
 * signature was changed, or that is older than the maximum age, is no session at all.
 * {@link dev.nonstop.sample.session.SessionCookie} reads and writes the cookie headers.
 */
package dev.nonstop.sample.session;
