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
 * <p>An app keeps {@link dev.nonstop.controller.release.spec.AppSettings} between releases: how its instances are
 * launched ({@code jvmArgs}, {@code args}, {@code env}, templates of {@code ${PORT}} and {@code ${INSTANCE}}) and the
 * readiness path, smoke checks and drain ({@link dev.nonstop.controller.release.spec.DrainSpec}, with its {@link
 * dev.nonstop.controller.release.spec.DrainMode}) every release of it starts from ({@code
 * ReleaseSpec.Builder#appSettings}); a release may override each, and its rollback uses the release's values.
 *
 * <p>{@link dev.nonstop.controller.release.spec.ReleaseSpecJson} is the stored form (the {@code spec} column of a
 * release), stable across versions: durations are ISO-8601 strings.
 */
package dev.nonstop.controller.release.spec;
