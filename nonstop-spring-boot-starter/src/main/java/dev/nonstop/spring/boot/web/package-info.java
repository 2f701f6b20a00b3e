/**
 * The contract endpoints and the in-flight count on Spring MVC ({@link
 * dev.nonstop.spring.boot.web.NonstopServletFilter}) and WebFlux ({@link
 * dev.nonstop.spring.boot.web.NonstopWebFilter}); the one matching the app's web stack is registered.
 */
package dev.nonstop.spring.boot.web;
