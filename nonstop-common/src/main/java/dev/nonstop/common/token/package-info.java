/** The bearer tokens of Nonstop's APIs and the files that hold them. */
package dev.nonstop.common.token;
