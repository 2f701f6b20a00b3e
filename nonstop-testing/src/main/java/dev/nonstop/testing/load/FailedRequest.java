package dev.nonstop.testing.load;

import java.util.Objects;

/**
 * One failed request.
 *
 * @param requestId the {@code X-Request-Id} it was sent with
 * @param request the label of its {@link RequestSpec}
 * @param reason why it failed
 * @param detail the status for {@link FailureReason#ERROR_STATUS}, otherwise the error message
 */
public record FailedRequest(String requestId, String request, FailureReason reason, String detail) {
    public FailedRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return requestId + " " + request + ": " + reason + " (" + detail + ")";
    }
}
