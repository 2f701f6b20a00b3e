package dev.nonstop.spring.boot.session;

import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A blocking {@link SessionRepository} (JDBC: Spring Session has no reactive one) as a {@link
 * ReactiveSessionRepository}: every call runs on {@link Schedulers#boundedElastic()}, never on the
 * event loop that subscribes, and the answer comes back on that elastic thread. The repository's
 * transactions and connection pool stay as the servlet side uses them; a call holds an elastic
 * thread only while it waits for the pool and the database.
 */
final class OffloadingReactiveSessionRepository<S extends Session> implements ReactiveSessionRepository<S> {

    private final SessionRepository<S> sessions;
    private final Scheduler blocking;

    OffloadingReactiveSessionRepository(SessionRepository<S> sessions) {
        this.sessions = sessions;
        this.blocking = Schedulers.boundedElastic();
    }

    @Override
    public Mono<S> createSession() {
        return Mono.fromCallable(sessions::createSession).subscribeOn(blocking);
    }

    @Override
    public Mono<Void> save(S session) {
        return Mono.<Void>fromRunnable(() -> sessions.save(session)).subscribeOn(blocking);
    }

    @Override
    public Mono<S> findById(String id) {
        return Mono.fromCallable(() -> sessions.findById(id)).subscribeOn(blocking);
    }

    @Override
    public Mono<Void> deleteById(String id) {
        return Mono.<Void>fromRunnable(() -> sessions.deleteById(id)).subscribeOn(blocking);
    }
}
