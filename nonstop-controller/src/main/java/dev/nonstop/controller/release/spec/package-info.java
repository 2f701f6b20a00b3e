/**
 * What a release asks for: {@link dev.nonstop.controller.release.spec.ReleaseSpec}, built with
 * {@link dev.nonstop.controller.release.spec.ReleaseSpec#builder(String, String, java.nio.file.Path)}.
 *
 * <p>Validation reports every problem at once, each naming the field, the value and what was expected:
 *
 * <pre>{@code
 * try {
 *     ReleaseSpec spec = ReleaseSpec.builder("shop", "2.1.0", Path.of("shop-2.1.0.jar")).batchSize(0).build();
 * } catch (InvalidReleaseSpecException e) {
 *     e.problems(); // [batchSize: 0 (expected: >= 1), ...]
 * }
 * }</pre>
 *
 * <p>{@link dev.nonstop.controller.release.spec.ReleaseSpecJson} is the stored form (the {@code spec} column of a
 * release), stable across versions: durations are ISO-8601 strings.
 */
package dev.nonstop.controller.release.spec;
