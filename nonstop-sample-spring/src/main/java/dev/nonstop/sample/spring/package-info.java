/**
 * The Spring Boot sample: a page behind a login form (Spring Security), notes kept with JPA, the login held in the
 * HTTP session. Built in versions v1 and v2; every response names its version and instance
 * ({@code X-App-Version}, {@code X-Instance-Id}) so a release can be watched request by request. With the Nonstop
 * starter on its classpath, its sessions live in the store {@code nonstop up} hands it, so nobody is logged out
 * when an instance is replaced.
 */
package dev.nonstop.sample.spring;
