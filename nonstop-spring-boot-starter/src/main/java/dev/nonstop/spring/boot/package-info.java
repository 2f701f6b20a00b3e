/**
 * The Nonstop Spring Boot starter: {@link dev.nonstop.spring.boot.NonstopAutoConfiguration} says what
 * adding the dependency does, {@link dev.nonstop.spring.boot.NonstopSettings} which settings it reads.
 */
package dev.nonstop.spring.boot;
