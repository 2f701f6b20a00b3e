/** The grammars of the words users write everywhere: {@link dev.nonstop.common.text.Names} for app, version and instance names. */
package dev.nonstop.common.text;
