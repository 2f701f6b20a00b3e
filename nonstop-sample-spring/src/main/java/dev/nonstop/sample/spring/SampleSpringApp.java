package dev.nonstop.sample.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the sample: {@code java -jar nonstop-sample-spring-v1.jar}, listening on {@code $PORT} (default 8080). */
@SpringBootApplication
public class SampleSpringApp {
    public static void main(String[] args) {
        SpringApplication.run(SampleSpringApp.class, args);
    }
}
