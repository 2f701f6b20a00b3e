package dev.nonstop.testing.load;

import java.util.List;

/**
 * The parts of a response head the load generator acts on.
 *
 * @param status the status code
 * @param keepAlive whether the connection may carry another request afterwards
 * @param setCookies the {@code Set-Cookie} header values
 */
record ResponseHead(int status, boolean keepAlive, List<String> setCookies) {}
