package dev.nonstop.agent.contract;

import java.nio.file.Path;

/** One installed version of an app: its jar on this host, its SHA-256 (lower-case hex) and size. */
public record InstalledArtifact(String app, String version, String sha256, long size, Path jar) {}
