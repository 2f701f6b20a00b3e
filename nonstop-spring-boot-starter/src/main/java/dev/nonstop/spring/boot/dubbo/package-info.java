/**
 * Dubbo 3 providers as a drain participant: {@link
 * dev.nonstop.spring.boot.dubbo.DubboProvidersParticipant} ({@code dubbo}), auto-configured by
 * {@link dev.nonstop.spring.boot.dubbo.NonstopDubboAutoConfiguration} when the app has Dubbo (its
 * Spring integration binds a Dubbo application to the Spring context). The calls in flight are
 * counted by {@link dev.nonstop.spring.boot.dubbo.InFlightFilter}, a provider-side Dubbo filter
 * that Dubbo activates by itself (declared in {@code META-INF/dubbo/org.apache.dubbo.rpc.Filter}).
 */
package dev.nonstop.spring.boot.dubbo;
