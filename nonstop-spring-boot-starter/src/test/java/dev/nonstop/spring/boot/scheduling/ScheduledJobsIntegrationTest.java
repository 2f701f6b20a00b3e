package dev.nonstop.spring.boot.scheduling;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** {@code @Scheduled} methods on a drained instance: none starts, the running one is waited for, resume restarts them. */
class ScheduledJobsIntegrationTest {

    // No component scan: the other tests' apps live in this package too.
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

    private static ConfigurableApplicationContext context;
    private static NonstopApp app;
    private static ScheduledJobs jobs;

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(JobsApp.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=warn", "nonstop.app.token=t")
                .run();
        app = context.getBean(NonstopApp.class);
        jobs = context.getBean(ScheduledJobs.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void drainedInstanceStartsNoScheduledMethodAndWaitsForTheRunningOne() {
        assertThat(app.participants()).contains(jobs);
        await().atMost(Duration.ofSeconds(10)).until(() -> JobsApp.STARTS.size() >= 3);

        // The next run blocks until released: it is running when the drain comes.
        JobsApp.release = new CountDownLatch(1);
        JobsApp.HOLD.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.status().inFlight() == 1);

        NonstopStatus drained = app.drain();
        Instant drainedAt = Instant.now();
        NonstopStatus.Participant line = participant(drained);
        assertThat(drained.idle()).isFalse();
        assertThat(line.inFlight()).isEqualTo(1);
        assertThat(line.detail()).startsWith("paused, 1 job(s) running").contains("JobsApp.report");

        JobsApp.release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> app.status().idle());
        assertThat(participant(app.status()).detail()).isEqualTo("paused, 0 job(s) running");

        // Runs come due while drained (fixed rate 40 ms) and are skipped.
        long skippedBefore = jobs.skipped();
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.skipped() >= skippedBefore + 5);
        assertThat(JobsApp.STARTS).noneMatch(start -> start.isAfter(drainedAt));

        Instant resumedAt = Instant.now();
        app.resume();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> JobsApp.STARTS.stream().anyMatch(start -> start.isAfter(resumedAt)));
        assertThat(participant(app.status()).detail()).startsWith("scheduling");
    }

    private static NonstopStatus.Participant participant(NonstopStatus status) {
        return status.participants().stream()
                .filter(p -> p.name().equals(ScheduledJobs.NAME))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scheduled participant in " + status));
    }
}
