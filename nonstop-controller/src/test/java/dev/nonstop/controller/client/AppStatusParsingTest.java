package dev.nonstop.controller.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@link AppProbe#parseStatus}: the participants of the app's status, read tolerantly. */
class AppStatusParsingTest {

    @Test
    void readsEachParticipantAsTheAppLibraryWritesIt() throws IOException {
        AppStatus status = AppProbe.parseStatus("{\"instance\":\"shop-1\",\"version\":\"v1\",\"draining\":true,"
                + "\"idle\":false,\"inFlight\":3,\"participants\":["
                + "{\"name\":\"http\",\"idle\":true,\"inFlight\":0,\"detail\":\"\"},"
                + "{\"name\":\"rabbitmq\",\"idle\":false,\"inFlight\":2,"
                + "\"detail\":\"2 message(s) in hand on queue \\\"orders\\\"\"}]}");

        assertThat(status.inFlight()).isEqualTo(3);
        assertThat(status.draining()).isTrue();
        assertThat(status.idle()).isFalse();
        assertThat(status.version()).isEqualTo("v1");
        assertThat(status.participants())
                .containsExactly(
                        new AppStatus.Participant("http", true, 0, ""),
                        new AppStatus.Participant("rabbitmq", false, 2, "2 message(s) in hand on queue \"orders\""));
    }

    @Test
    void anAppWithoutParticipantsHasNone() throws IOException {
        AppStatus status = AppProbe.parseStatus("{\"inFlight\":0,\"draining\":true,\"idle\":true,\"version\":\"v1\"}");

        assertThat(status).isEqualTo(new AppStatus(0, true, true, "v1"));
        assertThat(status.participants()).isEmpty();
    }

    @Test
    void entriesThatAreNotParticipantsAreLeftOutAndAMissingDetailIsEmpty() throws IOException {
        AppStatus status = AppProbe.parseStatus("{\"idle\":false,\"participants\":["
                + "\"http\",{\"idle\":true},{\"name\":\"\"},{\"name\":7},"
                + "{\"name\":\"quartz\",\"inFlight\":1}]}");

        assertThat(status.participants()).containsExactly(new AppStatus.Participant("quartz", false, 1, ""));
        assertThat(AppProbe.parseStatus("{\"participants\":{\"name\":\"x\"}}").participants())
                .as("participants not an array")
                .isEmpty();
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsUnreadable() {
        assertThatThrownBy(() -> AppProbe.parseStatus("[1,2]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> AppProbe.parseStatus("{nope")).isInstanceOf(IOException.class);
    }

    @Test
    void whatAParticipantHoldsNamesItsInFlightAndItsDetail() {
        assertThat(new AppStatus.Participant("rabbitmq", false, 2, "2 message(s) in hand on queue orders").holding())
                .isEqualTo("rabbitmq (2 in flight: 2 message(s) in hand on queue orders)");
        assertThat(new AppStatus.Participant("grpc", false, 4, " ").holding()).isEqualTo("grpc (4 in flight)");
    }
}
