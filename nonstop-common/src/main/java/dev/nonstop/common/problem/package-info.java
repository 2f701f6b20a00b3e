/** One thing wrong with an input, named by its path and what was expected. */
package dev.nonstop.common.problem;
