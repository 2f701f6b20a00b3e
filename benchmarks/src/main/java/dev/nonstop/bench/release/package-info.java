/**
 * What {@code bench/release-under-load} runs besides the products: {@link dev.nonstop.bench.release.ReleaseLoad}
 * drives the load of one setup and records every request's end time and latency, then reports the requests per
 * second and the latency percentiles of the requests that ended inside a window (the release, from its start to its
 * end) and before it.
 */
package dev.nonstop.bench.release;
