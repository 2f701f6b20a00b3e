package dev.nonstop.spring.boot.dubbo;

import dev.nonstop.spring.boot.NonstopAutoConfiguration;
import java.time.Duration;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@code dubbo} drain participant, when the app has Dubbo with its Spring integration (which
 * binds a Dubbo {@link ApplicationModel} to the Spring context as a bean). {@code
 * nonstop.dubbo.registry-delay} (default {@code 5s}, Dubbo's ZooKeeper registry's {@code
 * delay-notification}) and {@code nonstop.dubbo.quiet-period} (default {@code 1s}): see {@link
 * DubboProvidersParticipant}.
 */
@AutoConfiguration(after = NonstopAutoConfiguration.class)
@ConditionalOnClass(name = "org.apache.dubbo.config.spring.context.DubboSpringInitializer")
public class NonstopDubboAutoConfiguration {

    public static final String REGISTRY_DELAY = "nonstop.dubbo.registry-delay";
    public static final String QUIET_PERIOD = "nonstop.dubbo.quiet-period";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public DubboProvidersParticipant nonstopDubboProvidersParticipant(
            ObjectProvider<ApplicationModel> application, Environment environment) {
        return new DubboProvidersParticipant(
                application::getIfAvailable,
                duration(environment, REGISTRY_DELAY, "5s"),
                duration(environment, QUIET_PERIOD, "1s"));
    }

    private static Duration duration(Environment environment, String property, String fallback) {
        String value = environment.getProperty(property, fallback);
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + value + " (expected: a duration such as 1s)", e);
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException(property + ": " + value + " (expected: >= 0)");
        }
        return duration;
    }
}
