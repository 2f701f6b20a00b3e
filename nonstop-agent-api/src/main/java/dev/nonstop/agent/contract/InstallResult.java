package dev.nonstop.agent.contract;

/**
 * What an install did: {@code installed} is false when the same version with the same digest was
 * already there (the install was a no-op).
 */
public record InstallResult(InstalledArtifact artifact, boolean installed) {}
