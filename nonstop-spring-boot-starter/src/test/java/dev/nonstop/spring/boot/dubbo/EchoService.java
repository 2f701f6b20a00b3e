package dev.nonstop.spring.boot.dubbo;

/** The Dubbo service of the tests. */
public interface EchoService {

    /** {@code <instance>:<message>} after a little work. */
    String echo(String message);

    /** {@code <instance>:<message>}, once the test releases {@link SlowCalls}. */
    String slow(String message);
}
