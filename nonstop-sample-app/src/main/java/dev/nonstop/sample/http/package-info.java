/**
 * The small HTTP toolkit on top of {@code com.sun.net.httpserver}: exact-path routing with
 * 404/405 answers and in-flight counting ({@link dev.nonstop.sample.http.Router}), the headers every
 * response carries ({@link dev.nonstop.sample.http.InstanceHeadersFilter}), fixed-length responses
 * ({@link dev.nonstop.sample.http.Responses}), a minimal JSON writer and flat-object reader
 * ({@link dev.nonstop.sample.http.Json}), form and query decoding
 * ({@link dev.nonstop.sample.http.Forms}) and bounded body reading
 * ({@link dev.nonstop.sample.http.Bodies}).
 */
package dev.nonstop.sample.http;
