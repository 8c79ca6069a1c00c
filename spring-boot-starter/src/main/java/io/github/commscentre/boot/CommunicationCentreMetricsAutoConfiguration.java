package io.github.commscentre.boot;

import io.github.commscentre.CommunicationCentre;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.util.function.ToDoubleFunction;

/**
 * Micrometer metrics of the Communications Centre, when Micrometer is on the classpath (with Spring Boot's actuator):
 * <ul>
 *   <li>{@code commscentre.calls} (timer): every facade call, tagged {@code call} and {@code outcome} ({@code ok}, or
 *       the error code: {@code bad_request}, {@code forbidden}, {@code not_found}, {@code conflict},
 *       {@code unavailable}; {@code error} for anything else);</li>
 *   <li>{@code commscentre.dispatch.recipients} (counter, {@code outcome} accepted, failed, retried, lost_claim),
 *       {@code commscentre.dispatch.batches}, {@code commscentre.dispatch.communications} ({@code event} started,
 *       finished): dispatch throughput;</li>
 *   <li>{@code commscentre.dispatch.lag} (gauge, seconds): how long the oldest due dispatch work has waited;</li>
 *   <li>{@code commscentre.audit.pending} (gauge) and {@code commscentre.audit.pending.oldest} (gauge, seconds):
 *       audit events not yet linked into the chain;</li>
 *   <li>{@code commscentre.provider.events} (counter, {@code provider}, {@code outcome}): provider events applied.</li>
 * </ul>
 * The facade bean is measured whoever built it, the starter or the host. {@code commscentre.metrics.enabled=false}
 * turns all of it off.
 */
@AutoConfiguration(after = CommunicationCentreAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnProperty(prefix = "commscentre.metrics", name = "enabled", havingValue = "true", matchIfMissing = true)
public class CommunicationCentreMetricsAutoConfiguration {

    static final String DISPATCH_LAG = "commscentre.dispatch.lag";
    static final String AUDIT_PENDING = "commscentre.audit.pending";
    static final String AUDIT_PENDING_OLDEST = "commscentre.audit.pending.oldest";

    /** Wraps the facade bean in {@link MeteredCommunicationCentre} once a registry exists. */
    @Bean
    static BeanPostProcessor communicationCentreMetricsPostProcessor(ObjectProvider<MeterRegistry> registry) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof CommunicationCentre centre && !(bean instanceof MeteredCommunicationCentre)) {
                    MeterRegistry meters = registry.getIfUnique();
                    return meters == null ? bean : new MeteredCommunicationCentre(centre, meters);
                }
                return bean;
            }
        };
    }

    /** The gauges read from the tables. */
    @Bean
    @ConditionalOnBean(Backlog.class)
    MeterBinder communicationCentreBacklogMetrics(Backlog backlog) {
        return registry -> {
            gauge(registry, DISPATCH_LAG, "How long the oldest due dispatch work has waited", "seconds", backlog,
                    b -> b.read().dispatchLag().toMillis() / 1000.0);
            gauge(registry, AUDIT_PENDING, "Audit events committed but not yet linked into their chain", "events",
                    backlog, b -> b.read().pendingAuditEvents());
            gauge(registry, AUDIT_PENDING_OLDEST, "How long the oldest unlinked audit event has waited", "seconds",
                    backlog, b -> b.read().oldestPendingAuditEvent().toMillis() / 1000.0);
        };
    }

    private static void gauge(MeterRegistry registry, String name, String description, String unit, Backlog backlog,
                              ToDoubleFunction<Backlog> value) {
        Gauge.builder(name, backlog, b -> {
                    try {
                        return value.applyAsDouble(b);
                    } catch (RuntimeException e) {
                        return Double.NaN; // the database is away: the health indicator says so
                    }
                })
                .description(description)
                .baseUnit(unit)
                .register(registry);
    }
}
