/**
 * What a release's artifact is, checked before the release is created: {@link
 * dev.nonstop.controller.release.artifact.ArtifactFile#inspect} reads the file the controller was given, refuses
 * anything but a runnable jar ({@code Main-Class} in its manifest) with a problem naming {@code artifact}, and
 * computes its SHA-256, which the release records and every agent verifies when it installs the version.
 *
 * <p>A version name is immutable: {@link dev.nonstop.controller.release.artifact.VersionConflictException} says that
 * a name already known with another checksum (an earlier release, or an agent that has it installed) was offered
 * for a different jar.
 */
package dev.nonstop.controller.release.artifact;
