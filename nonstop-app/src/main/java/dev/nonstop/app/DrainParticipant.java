package dev.nonstop.app;

/**
 * Something in the app that takes work and must finish it before the instance stops: the HTTP
 * server (built in, see {@link InFlight}), a message consumer, a job scheduler, an RPC server.
 *
 * <p>When a release drains the instance, {@link NonstopApp#drain()} calls {@link #drain()} on every
 * participant: stop taking new work (pause the consumer, stop scheduling), let the work in progress
 * finish. The release then polls {@link #status()} until every participant is idle. A rollback or
 * a cancelled release calls {@link #resume()}: take work again.
 *
 * <p>Implementations are thread-safe; {@code drain} and {@code resume} return quickly (they start
 * the change, they do not wait for the work to finish), are idempotent and may be called in any
 * order any number of times. An exception thrown by {@code drain}, {@code resume} or {@code status}
 * is reported in the status as that participant being busy with the error as detail: it never
 * hides the other participants.
 */
public interface DrainParticipant {

    /**
     * A short stable name, unique in the app, in the status: letters, digits, {@code . _ -}, such as
     * {@code http}, {@code rabbitmq}, {@code jobs}.
     */
    String name();

    /** Stop taking new work; the work in progress goes on. Called on every drain. */
    default void drain() {}

    /** Take work again after a drain. */
    default void resume() {}

    /** What is in progress now. Cheap: called on every status request. */
    ParticipantStatus status();
}
