package io.github.commscentre.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/** The {@code commscentre} health indicator, when Spring Boot's health support is on the classpath. */
@AutoConfiguration(after = CommunicationCentreAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean({Backlog.class, DispatchActivity.class})
@ConditionalOnEnabledHealthIndicator("commscentre")
public class CommunicationCentreHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "commscentreHealthIndicator")
    CommunicationCentreHealthIndicator commscentreHealthIndicator(Backlog backlog, DispatchActivity activity,
                                                                  CommunicationCentreProperties properties) {
        CommunicationCentreProperties.Health health = properties.getHealth();
        Duration stuckAfter = health.getDispatcherStuckAfter() != null ? health.getDispatcherStuckAfter()
                : properties.getDispatch().getLease().plus(properties.getDispatch().getInterval());
        return new CommunicationCentreHealthIndicator(backlog, activity, health.getAuditLinkingBehindAfter(), stuckAfter);
    }
}
