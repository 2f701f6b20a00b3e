package dev.nonstop.sample.spring.work;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ledger, when {@code sample.ledger.url} names one. */
@Configuration(proxyBeanMethods = false)
public class WorkConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("sample.ledger.url")
    Ledger sampleLedger(
            @Value("${sample.ledger.url}") String url,
            @Value("${sample.ledger.username:}") String username,
            @Value("${sample.ledger.password:}") String password) {
        return new Ledger(url, username, password);
    }

    /** The ledger, or a clear error naming the part that needs it. */
    static Ledger required(ObjectProvider<Ledger> ledger, String part) {
        Ledger found = ledger.getIfAvailable();
        if (found == null) {
            throw new IllegalStateException(
                    part + " is set, and needs sample.ledger.url (the database the instances share) too");
        }
        return found;
    }
}
