/**
 * Shared sessions through Spring Session, in a store of their own: {@link
 * dev.nonstop.spring.boot.session.JdbcSessionStore} (H2, PostgreSQL, MariaDB, ...) or {@link
 * dev.nonstop.spring.boot.session.RedisSessionStore}, picked by {@code nonstop.session.store}
 * ({@link dev.nonstop.spring.boot.session.NonstopSessionConfiguration}).
 */
package dev.nonstop.spring.boot.session;
