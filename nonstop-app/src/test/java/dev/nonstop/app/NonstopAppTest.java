package dev.nonstop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NonstopAppTest {

    private static final Map<String, String> ENV =
            Map.of("NONSTOP_INSTANCE_ID", "shop-3", "NONSTOP_APP_TOKEN", "s3cret");

    /** A consumer-like participant that records the calls it gets. */
    static final class Consumer implements DrainParticipant {
        final List<String> calls = new ArrayList<>();
        volatile long inFlight;
        volatile boolean paused;

        @Override
        public String name() {
            return "rabbitmq";
        }

        @Override
        public void drain() {
            calls.add("drain");
            paused = true;
        }

        @Override
        public void resume() {
            calls.add("resume");
            paused = false;
        }

        @Override
        public ParticipantStatus status() {
            return paused ? ParticipantStatus.inFlight(inFlight, "paused") : ParticipantStatus.busy("consuming");
        }
    }

    @Test
    void readsTheInstanceAndTheTokenFromTheEnvironment() {
        NonstopApp app = NonstopApp.builder(ENV).version("v2").build();

        assertThat(app.instance()).isEqualTo("shop-3");
        assertThat(app.authorizes("Bearer s3cret")).isTrue();
        assertThat(app.authorizes("bearer s3cret ")).isTrue();
        assertThat(app.authorizes("Bearer s3cre")).isFalse();
        assertThat(app.authorizes("Bearer s3cret2")).isFalse();
        assertThat(app.authorizes("Basic s3cret")).isFalse();
        assertThat(app.authorizes("s3cret")).isFalse();
        assertThat(app.authorizes(null)).isFalse();
    }

    @Test
    void withoutATokenNothingIsAuthorized() {
        NonstopApp app = NonstopApp.builder(Map.of()).build();

        assertThat(app.tokenConfigured()).isFalse();
        assertThat(app.authorizes("Bearer ")).isFalse();
        assertThat(app.authorizes("Bearer null")).isFalse();
        assertThat(app.instance()).endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void theBuilderOverridesTheEnvironment() {
        NonstopApp app = NonstopApp.builder(ENV)
                .instance("other")
                .token(Optional.of("t2"))
                .version("v3")
                .build();

        assertThat(app.status().instance()).isEqualTo("other");
        assertThat(app.authorizes("Bearer s3cret")).isFalse();
        assertThat(app.authorizes("Bearer t2")).isTrue();
        assertThat(NonstopApp.builder(ENV).token(Optional.empty()).build().tokenConfigured())
                .isFalse();
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> NonstopApp.builder(ENV).version(" "))
                .hasMessage("version: a blank string (expected: a non-blank string)");
        assertThatThrownBy(() -> NonstopApp.builder(ENV).token(Optional.of("")))
                .hasMessageStartingWith("token: a blank string");
        assertThatThrownBy(() -> new InFlight("has space", "x"))
                .hasMessageStartingWith("participant name: has space (expected:");
        assertThatThrownBy(() -> NonstopApp.builder(ENV)
                        .participant(new InFlight("http", "x"))
                        .build())
                .hasMessageStartingWith("participant name: http (expected: unique");
        assertThatThrownBy(() -> new ParticipantStatus(true, -1, "x")).hasMessage("inFlight: -1 (expected: >= 0)");
    }

    @Test
    void idleOnlyWhileDrainingAndWithNothingInFlight() {
        NonstopApp app = NonstopApp.builder(ENV).version("v2").build();

        assertThat(app.status().idle()).isFalse();
        app.inFlight().enter();
        NonstopStatus busy = app.drain();
        assertThat(busy.draining()).isTrue();
        assertThat(busy.idle()).isFalse();
        assertThat(busy.inFlight()).isEqualTo(1);

        app.inFlight().exit();
        assertThat(app.status().idle()).isTrue();
        assertThat(app.resume().idle()).isFalse();
        assertThat(app.isDraining()).isFalse();
    }

    @Test
    void everyParticipantIsDrainedResumedAndMustBeIdle() {
        Consumer consumer = new Consumer();
        NonstopApp app = NonstopApp.builder(ENV).participant(consumer).build();

        assertThat(app.drain().idle()).isTrue();
        consumer.inFlight = 2;
        NonstopStatus status = app.status();
        assertThat(status.idle()).isFalse();
        assertThat(status.inFlight()).isEqualTo(2);
        assertThat(status.participants())
                .containsExactly(
                        new NonstopStatus.Participant("http", true, 0, "0 request(s) in flight"),
                        new NonstopStatus.Participant("rabbitmq", false, 2, "paused"));

        app.resume();
        assertThat(consumer.calls).containsExactly("drain", "resume");
    }

    @Test
    void aParticipantRegisteredWhileDrainingIsDrainedAtOnce() {
        NonstopApp app = NonstopApp.builder(ENV).build();
        app.drain();
        Consumer late = new Consumer();

        app.register(late);

        assertThat(late.calls).containsExactly("drain");
        app.unregister(late);
        assertThat(app.participants()).extracting(DrainParticipant::name).containsExactly("http");
    }

    @Test
    void aFailingParticipantIsReportedBusyAndDoesNotHideTheOthers() {
        DrainParticipant broken = new DrainParticipant() {
            @Override
            public String name() {
                return "jobs";
            }

            @Override
            public void drain() {
                throw new IllegalStateException("scheduler gone");
            }

            @Override
            public ParticipantStatus status() {
                throw new IllegalStateException("scheduler gone");
            }
        };
        Consumer consumer = new Consumer();
        NonstopApp app = NonstopApp.builder(ENV)
                .participant(broken)
                .participant(consumer)
                .build();

        NonstopStatus status = app.drain();

        assertThat(consumer.calls).containsExactly("drain");
        assertThat(status.idle()).isFalse();
        assertThat(status.participants().get(1))
                .isEqualTo(new NonstopStatus.Participant(
                        "jobs", false, 0, "status failed: java.lang.IllegalStateException: scheduler gone"));
    }

    @Test
    void theStatusJsonIsTheContract() {
        NonstopApp app = NonstopApp.builder(ENV).version("v\"2").build();
        app.inFlight().enter();

        assertThat(app.status().toJson())
                .isEqualTo("{\"instance\":\"shop-3\",\"version\":\"v\\\"2\",\"draining\":false,\"idle\":false,"
                        + "\"inFlight\":1,\"participants\":[{\"name\":\"http\",\"idle\":false,\"inFlight\":1,"
                        + "\"detail\":\"1 request(s) in flight\"}]}");
    }

    @Test
    void jsonStringsAreEscaped() {
        StringBuilder out = new StringBuilder();
        Json.string(out, "a\\b\n\t\u0001\u2028é");
        assertThat(out).hasToString("\"a\\\\b\\n\\t\\u0001\\u2028é\"");
    }
}
