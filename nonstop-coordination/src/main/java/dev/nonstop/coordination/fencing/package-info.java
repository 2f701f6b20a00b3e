/**
 * The receiving side of fencing: a {@link dev.nonstop.coordination.fencing.FencingTokenRegistry}
 * remembers the highest token seen per key (a release, a lock name) and refuses lower ones, so a
 * holder that lost its lease without knowing it cannot overwrite the work of its successor.
 */
package dev.nonstop.coordination.fencing;
