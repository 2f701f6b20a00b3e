/**
 * Installed artifact versions: {@link dev.nonstop.agent.artifact.ArtifactStore} copies a runnable
 * jar into {@code <dataDir>/apps/<app>/<version>/app.jar} with its SHA-256 beside it, atomically
 * (a staged directory renamed into place), so a version directory is either complete or absent. A
 * version, once installed, is immutable: installing it again with the same digest is a no-op, with
 * another digest a {@link dev.nonstop.agent.contract.ArtifactConflictException}.
 */
package dev.nonstop.agent.artifact;
