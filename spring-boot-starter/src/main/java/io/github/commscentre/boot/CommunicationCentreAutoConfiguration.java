package io.github.commscentre.boot;

import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.CommunicationCentreBuilder;
import io.github.commscentre.DispatchSettings;
import io.github.commscentre.HtmlSanitizer;
import io.github.commscentre.jpa.JpaCommunicationStore;
import io.github.commscentre.spi.CommunicationStore;
import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.LetterRenderer;
import io.github.commscentre.spi.PropertyDirectory;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.SchemaManagement;
import org.springframework.boot.jdbc.SchemaManagementProvider;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.util.ClassUtils;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Auto-configures the Communications Centre in a Spring Boot application with JPA: the JPA store on the application's
 * {@code EntityManagerFactory} (our entities added to its persistence unit), the facade, the delivery channels found as
 * beans, the dispatch poller and audit-linking sweep, and the library's migrations. Each bean backs off when the host
 * defines its own. The host supplies a {@link PropertyDirectory} bean.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class})
@ConditionalOnClass({CommunicationCentre.class, JpaCommunicationStore.class, EntityManagerFactory.class})
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(CommunicationCentreProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class) // orders our migrations, even with no migration auto-configuration
public class CommunicationCentreAutoConfiguration {

    /** Adds our entities to the host's persistence unit; static, so that it is ready before any factory is built. */
    @Bean
    static CommunicationCentreEntities communicationCentreEntities() {
        return new CommunicationCentreEntities();
    }

    /**
     * The store, on the application's factory, joining the host's {@code @Transactional} transactions: its provider
     * hands out the entity manager of the current Spring transaction, or none outside one (then each call runs a
     * transaction of its own). Not Spring's shared entity manager: that is a proxy which refuses
     * {@code getTransaction()}, and its {@code unwrap(Session.class)} answers the proxy itself, so the store could
     * neither mark the host's transaction rollback-only nor link its audit events after the host's commit.
     */
    @Bean
    @ConditionalOnMissingBean(CommunicationStore.class)
    JpaCommunicationStore communicationStore(EntityManagerFactory entityManagerFactory) {
        return JpaCommunicationStore.builder(entityManagerFactory)
                .entityManagerProvider(() -> EntityManagerFactoryUtils.getTransactionalEntityManager(entityManagerFactory))
                .build();
    }

    /** The facade, from the store, the host's directory and clock, the channel beans and the properties. */
    @Bean
    @ConditionalOnMissingBean(CommunicationCentre.class)
    CommunicationCentre communicationCentre(CommunicationStore store, ObjectProvider<PropertyDirectory> directory,
                                            ObjectProvider<Clock> clock, ObjectProvider<HtmlSanitizer> htmlSanitizer,
                                            ObjectProvider<LetterRenderer> letterRenderer,
                                            ObjectProvider<CommunicationCentreCustomizer> customizers,
                                            CommunicationCentreProperties properties,
                                            ConfigurableListableBeanFactory beanFactory) {
        PropertyDirectory hostDirectory = directory.getIfUnique();
        if (hostDirectory == null) {
            throw new MissingPropertyDirectoryException();
        }
        CommunicationCentreBuilder builder = CommunicationCentre.builder()
                .store(store)
                .directory(hostDirectory)
                .clock(clock.getIfUnique(Clock::systemUTC))
                .auditLinkingBound(properties.getAuditLinkingBound())
                .cursorKey(key("commscentre.cursor-key", properties.getCursorKey()))
                .correlationKey(key("commscentre.correlation-key", properties.getCorrelationKey()))
                .dispatchSettings(dispatchSettings(properties.getDispatch()));
        htmlSanitizer.ifUnique(builder::htmlSanitizer);
        letterRenderer.ifUnique(builder::letterRenderer);
        deliveryChannels(beanFactory).forEach(builder::deliveryChannel);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** What waits in the library's tables, for metrics and health. */
    @Bean
    @ConditionalOnMissingBean
    Backlog communicationCentreBacklog(DataSource dataSource, ObjectProvider<Clock> clock) {
        return new Backlog(dataSource, clock.getIfUnique(Clock::systemUTC));
    }

    /** Where the poller records its rounds, for the health indicator. */
    @Bean
    @ConditionalOnMissingBean
    DispatchActivity communicationCentreDispatchActivity() {
        return new DispatchActivity();
    }

    /** Dispatch rounds and the audit-linking sweep, each on when its property says so (both by default). */
    @Bean
    BackgroundWork communicationCentreBackgroundWork(CommunicationCentre centre, CommunicationCentreProperties properties,
                                                     DispatchActivity activity) {
        return new BackgroundWork(centre, properties, activity);
    }

    /** Applies the library's migrations after the host's, unless {@code commscentre.migrations.enabled=false}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "commscentre.migrations", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class MigrationsConfiguration {

        @Bean
        SchemaMigrations communicationCentreSchemaMigrations(DataSource dataSource, CommunicationCentreProperties properties,
                                                             ConfigurableListableBeanFactory beanFactory) {
            CommunicationCentreProperties.Migrations migrations = properties.getMigrations();
            return new SchemaMigrations(dataSource, resolve(migrations.getTool(), beanFactory), migrations.getTable());
        }

        /**
         * Tells Hibernate's auto-configuration that a migration tool manages this database, so that on an embedded
         * database Boot does not default to {@code ddl-auto=create-drop}, which would drop and re-create our tables
         * without their guards.
         */
        @Bean
        SchemaManagementProvider communicationCentreSchemaManagement() {
            return dataSource -> SchemaManagement.MANAGED;
        }
    }

    static MigrationTool resolve(MigrationTool wanted, ConfigurableListableBeanFactory beanFactory) {
        ClassLoader loader = CommunicationCentreAutoConfiguration.class.getClassLoader();
        boolean flyway = ClassUtils.isPresent("org.flywaydb.core.Flyway", loader);
        boolean liquibase = ClassUtils.isPresent("liquibase.integration.spring.SpringLiquibase", loader);
        switch (wanted) {
            case FLYWAY -> {
                if (!flyway) {
                    throw new IllegalStateException("commscentre.migrations.tool=flyway, but Flyway is not on the "
                            + "classpath: add org.flywaydb:flyway-core (and flyway-database-postgresql on PostgreSQL)");
                }
                return MigrationTool.FLYWAY;
            }
            case LIQUIBASE -> {
                if (!liquibase) {
                    throw new IllegalStateException("commscentre.migrations.tool=liquibase, but Liquibase is not on the "
                            + "classpath: add org.liquibase:liquibase-core");
                }
                return MigrationTool.LIQUIBASE;
            }
            default -> {
                boolean hostUsesFlyway = flyway && hasBeanOf("org.flywaydb.core.Flyway", beanFactory, loader);
                boolean hostUsesLiquibase = liquibase
                        && hasBeanOf("liquibase.integration.spring.SpringLiquibase", beanFactory, loader);
                if (hostUsesLiquibase && !hostUsesFlyway) {
                    return MigrationTool.LIQUIBASE;
                }
                if (flyway) {
                    return MigrationTool.FLYWAY;
                }
                if (liquibase) {
                    return MigrationTool.LIQUIBASE;
                }
                throw new IllegalStateException("the Communications Centre applies its migrations with Flyway or "
                        + "Liquibase, and neither is on the classpath: add org.flywaydb:flyway-core (with "
                        + "flyway-database-postgresql on PostgreSQL) or org.liquibase:liquibase-core, or set "
                        + "commscentre.migrations.enabled=false and apply the SQL shipped in communication-centre-jpa "
                        + "(db/communication-centre/{postgresql,h2}) yourself");
            }
        }
    }

    private static boolean hasBeanOf(String className, ConfigurableListableBeanFactory beanFactory, ClassLoader loader) {
        Class<?> type = ClassUtils.resolveClassName(className, loader);
        return beanFactory.getBeanNamesForType(type, true, false).length > 0;
    }

    /** Every {@link DeliveryChannel} bean, by its {@link DeliveryChannelName} or else its bean name. */
    static Map<String, DeliveryChannel> deliveryChannels(ConfigurableListableBeanFactory beanFactory) {
        Map<String, DeliveryChannel> byName = new TreeMap<>();
        beanFactory.getBeansOfType(DeliveryChannel.class).forEach((beanName, channel) -> {
            DeliveryChannelName annotation = beanFactory.findAnnotationOnBean(beanName, DeliveryChannelName.class);
            String name = annotation != null ? annotation.value() : beanName;
            if (byName.putIfAbsent(name, channel) != null) {
                throw new IllegalStateException("two DeliveryChannel beans serve the channel '" + name
                        + "': give one of them another @DeliveryChannelName");
            }
        });
        return byName;
    }

    private static DispatchSettings dispatchSettings(CommunicationCentreProperties.Dispatch dispatch) {
        DispatchSettings.Builder settings = DispatchSettings.builder()
                .batchSize(dispatch.getBatchSize())
                .lease(dispatch.getLease())
                .channelTimeout(dispatch.getChannelTimeout())
                .firstRetryAfter(dispatch.getFirstRetryAfter())
                .longestRetryPause(dispatch.getLongestRetryPause())
                .maxAttempts(dispatch.getMaxAttempts());
        dispatch.getRateLimits().forEach(settings::rateLimit);
        try {
            return settings.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("commscentre.dispatch: " + e.getMessage(), e);
        }
    }

    private static byte[] key(String property, String base64) {
        if (base64 == null || base64.isBlank()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " must be Base64 (for example the output of "
                    + "`openssl rand -base64 32`): " + e.getMessage(), e);
        }
    }
}
