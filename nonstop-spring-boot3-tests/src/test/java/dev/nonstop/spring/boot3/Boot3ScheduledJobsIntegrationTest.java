package dev.nonstop.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nonstop.app.NonstopApp;
import dev.nonstop.app.NonstopStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The starter's {@code scheduled} participant in a Spring Boot 3.5 app: on a drained instance no
 * {@code @Scheduled} method starts, the running one is waited for, and the resume restarts them.
 */
class Boot3ScheduledJobsIntegrationTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableScheduling
    static class JobsApp {

        static final List<Instant> STARTS = new CopyOnWriteArrayList<>();
        static final AtomicBoolean HOLD = new AtomicBoolean();
        static volatile CountDownLatch release = new CountDownLatch(0);

        @Scheduled(fixedRate = 40)
        public void report() throws InterruptedException {
            STARTS.add(Instant.now());
            if (HOLD.getAndSet(false)) {
                release.await(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aDrainedInstanceStartsNoScheduledMethodAndWaitsForTheRunningOne() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(JobsApp.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=warn", "nonstop.app.token=t")
                .run()) {
            NonstopApp app = context.getBean(NonstopApp.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> JobsApp.STARTS.size() >= 3);

            JobsApp.release = new CountDownLatch(1);
            JobsApp.HOLD.set(true);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> jobs(app.status()).inFlight() == 1);

            NonstopStatus drained = app.drain();
            Instant drainedAt = Instant.now();
            assertThat(drained.idle()).isFalse();
            assertThat(jobs(drained).detail())
                    .startsWith("paused, 1 job(s) running")
                    .contains("JobsApp.report");

            JobsApp.release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> app.status().idle());
            assertThat(jobs(app.status()).detail()).isEqualTo("paused, 0 job(s) running");
            // 25 runs come due in the next second (fixed rate 40 ms): none starts.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> JobsApp.STARTS.stream()
                    .noneMatch(start -> start.isAfter(drainedAt)));

            Instant resumedAt = Instant.now();
            app.resume();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> JobsApp.STARTS.stream().anyMatch(start -> start.isAfter(resumedAt)));
            assertThat(jobs(app.status()).detail()).startsWith("scheduling");
        }
    }

    private static NonstopStatus.Participant jobs(NonstopStatus status) {
        return status.participants().stream()
                .filter(p -> p.name().equals("scheduled"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scheduled participant in " + status));
    }
}
