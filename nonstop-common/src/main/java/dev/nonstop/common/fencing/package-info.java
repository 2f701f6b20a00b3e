/**
 * Fencing, written once for every process that enforces it.
 *
 * <p>A holder of a release's lease sends every mutation with a {@link dev.nonstop.common.fencing.Fence}: the release
 * id and the lease's fencing token, as the headers {@code X-Nonstop-Release} and {@code X-Nonstop-Fencing-Token}. A
 * receiver (the gateway's admin API, an agent) keeps a {@link dev.nonstop.common.fencing.FencingTokenRegistry} of the
 * highest token seen per release and refuses lower ones ({@link dev.nonstop.common.fencing.StaleFencingTokenException},
 * 409 on the wire), so a controller paused past its lease cannot undo the work of the one that took the release over.
 * A {@link dev.nonstop.common.fencing.FencingTokenRegistry#persistent persistent} registry writes a raised token to
 * its file before the mutation goes ahead, so a restarted receiver refuses stale owners as it did before.
 */
package dev.nonstop.common.fencing;
