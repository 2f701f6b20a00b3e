package dev.nonstop.spring.boot3.dubbo;

/** The Dubbo service of the Boot 3.5 test: {@code greet} answers once {@link GreeterProvider#gate} opens. */
public interface Greeter {

    String greet(String name);
}
