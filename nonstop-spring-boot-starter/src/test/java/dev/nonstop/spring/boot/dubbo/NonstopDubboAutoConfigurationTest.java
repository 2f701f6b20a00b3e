package dev.nonstop.spring.boot.dubbo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nonstop.app.ParticipantStatus;
import java.time.Duration;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code dubbo} participant's settings and its status in an app with no Dubbo application. */
class NonstopDubboAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NonstopDubboAutoConfiguration.class));

    @Test
    void withoutADubboApplicationTheParticipantIsIdleAndSaysSo() {
        runner.run(context -> {
            DubboProvidersParticipant participant = context.getBean(DubboProvidersParticipant.class);
            participant.drain();
            assertThat(participant.status()).isEqualTo(ParticipantStatus.idle("no Dubbo application"));
            assertThat(participant.name()).isEqualTo("dubbo");
        });
    }

    @Test
    void anAppThatExportsNoDubboServiceIsIdleAsSoonAsItsDrainHasRun() {
        ApplicationModel consumerOnly = new FrameworkModel().newApplication();
        try {
            DubboProvidersParticipant participant =
                    new DubboProvidersParticipant(() -> consumerOnly, Duration.ofHours(1), Duration.ofHours(1));
            assertThat(participant.status().idle()).isTrue();

            participant.drain();

            // Neither the registry delay nor the quiet period applies: no consumer can call a service not exported.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> participant.status().idle());
            assertThat(participant.status().detail()).startsWith("0 service(s), 0 registered");
            participant.close();
        } finally {
            consumerOnly.getFrameworkModel().destroy();
        }
    }

    @Test
    void aBadDurationFailsTheStartupNamingTheProperty() {
        runner.withPropertyValues("nonstop.dubbo.quiet-period=soon")
                .run(
                        context -> assertThat(context)
                                .getFailure()
                                .hasStackTraceContaining(
                                        "IllegalArgumentException: nonstop.dubbo.quiet-period: soon (expected: a duration such as 1s)"));
        runner.withPropertyValues("nonstop.dubbo.registry-delay=-1s").run(context -> assertThat(context)
                .getFailure()
                .hasStackTraceContaining(
                        "IllegalArgumentException: nonstop.dubbo.registry-delay: -1s (expected: >= 0)"));
    }

    @Test
    void negativeDurationsAreRefusedByName() {
        assertThatThrownBy(() -> new DubboProvidersParticipant(() -> null, Duration.ofSeconds(-1), Duration.ZERO))
                .hasMessage("registryDelay: PT-1S (expected: >= 0)");
        assertThatThrownBy(() -> new DubboProvidersParticipant(() -> null, Duration.ZERO, Duration.ofMillis(-5)))
                .hasMessage("quietPeriod: PT-0.005S (expected: >= 0)");
    }
}
