/**
 * Shared sessions through Spring Session, in a store of their own: {@link
 * dev.nonstop.spring.boot.session.JdbcSessionStore} (H2, PostgreSQL, MariaDB, ...) or {@link
 * dev.nonstop.spring.boot.session.RedisSessionStore}, picked by {@code nonstop.session.store}
 * ({@link dev.nonstop.spring.boot.session.NonstopSessionConfiguration}), for Spring MVC ({@code
 * ServletSessionConfiguration}) and WebFlux ({@code ReactiveSessionConfiguration}) alike: the
 * same tables, Redis keys and cookie, so either kind of app reads the other's sessions.
 */
package dev.nonstop.spring.boot.session;
