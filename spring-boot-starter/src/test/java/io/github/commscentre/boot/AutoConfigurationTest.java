package io.github.commscentre.boot;

import com.jayway.jsonpath.JsonPath;
import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.inmemory.InMemoryCommunicationStore;
import io.github.commscentre.spi.DeliveryChannel;
import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.testkit.InMemoryPropertyDirectory;
import io.github.commscentre.testkit.RecordingDeliveryChannel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** What the auto-configuration creates, and when it backs off, in small application contexts on H2. */
class AutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    HibernateJpaAutoConfiguration.class, CommunicationCentreAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + TestDatabases.newH2Url(),
                    "spring.jpa.hibernate.ddl-auto=validate", "commscentre.dispatch.interval=1h",
                    "commscentre.audit-linking.enabled=false");

    @Configuration(proxyBeanMethods = false)
    static class Directory {
        @Bean
        PropertyDirectory directory() {
            return new InMemoryPropertyDirectory();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HostsOwnFacade {
        static final CommunicationCentre FACADE = CommunicationCentre.builder()
                .store(new InMemoryCommunicationStore()).directory(new InMemoryPropertyDirectory()).build();

        @Bean
        CommunicationCentre hostsFacade() {
            return FACADE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Channels {
        @Bean
        DeliveryChannel email() {
            return RecordingDeliveryChannel.acceptingAll();
        }

        @Bean
        @DeliveryChannelName("post")
        DeliveryChannel printRoom() {
            return RecordingDeliveryChannel.acceptingAll();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoChannelsForPost {
        @Bean
        DeliveryChannel post() {
            return RecordingDeliveryChannel.acceptingAll();
        }

        @Bean
        @DeliveryChannelName("post")
        DeliveryChannel printRoom() {
            return RecordingDeliveryChannel.acceptingAll();
        }
    }

    @Test
    void aMissingPropertyDirectoryFailsStartUpSayingWhatToImplement() throws IOException {
        runner.run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            MissingPropertyDirectoryException cause = causeOfType(failure, MissingPropertyDirectoryException.class);
            assertThat(cause).as("cause of %s", failure).isNotNull();

            FailureAnalysis analysis = new MissingPropertyDirectoryFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription()).contains("PropertyDirectory");
            assertThat(analysis.getAction()).contains("io.github.commscentre.spi.PropertyDirectory", "@Component",
                    "blockBelongsTo", "findUnits", "findUnitsInBlock", "InMemoryPropertyDirectory");
        });
        assertThat(springFactories().getProperty("org.springframework.boot.diagnostics.FailureAnalyzer"))
                .contains(MissingPropertyDirectoryFailureAnalyzer.class.getName());
    }

    @Test
    void theStarterBuildsTheFacadeOnTheJpaStoreAndPolls() {
        runner.withUserConfiguration(Directory.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CommunicationCentre.class)).isNotNull();
            assertThat(context.getBean(io.github.commscentre.spi.CommunicationStore.class).toString())
                    .isEqualTo("JpaCommunicationStore[H2]");
            assertThat(context.getBean(DispatchActivity.class).polling()).isTrue();
        });
    }

    @Test
    void theHostsOwnFacadeWins() {
        runner.withUserConfiguration(Directory.class, HostsOwnFacade.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CommunicationCentre.class)).isSameAs(HostsOwnFacade.FACADE);
        });
    }

    @Test
    void channelBeansServeTheChannelOfTheirNameOrAnnotation() {
        runner.withUserConfiguration(Directory.class, Channels.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(CommunicationCentreAutoConfiguration.deliveryChannels(context.getBeanFactory()))
                    .containsOnlyKeys("email", "post")
                    .containsEntry("post", context.getBean("printRoom", DeliveryChannel.class));
        });
    }

    /** A sanitiser and a renderer as beans, and two customizers, the later of which replaces the renderer. */
    @Configuration(proxyBeanMethods = false)
    static class SanitizerRendererAndCustomizers {
        static final byte[] BEAN_LETTER = "%PDF bean".getBytes(StandardCharsets.US_ASCII);
        static final byte[] CUSTOMIZED_LETTER = "%PDF customizer".getBytes(StandardCharsets.US_ASCII);

        final List<String> customized = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Bean
        io.github.commscentre.HtmlSanitizer sanitizer() {
            return html -> "<p>cleaned by the host</p>";
        }

        @Bean
        io.github.commscentre.spi.LetterRenderer renderer() {
            return letter -> BEAN_LETTER.clone();
        }

        @Bean
        @org.springframework.core.annotation.Order(2)
        CommunicationCentreCustomizer second() {
            return builder -> {
                customized.add("second");
                builder.letterRenderer(letter -> CUSTOMIZED_LETTER.clone());
            };
        }

        @Bean
        @org.springframework.core.annotation.Order(1)
        CommunicationCentreCustomizer first() {
            return builder -> customized.add("first");
        }
    }

    @Test
    void sanitizerAndRendererBeansAreTakenAndCustomizersRunLastInTheirOrder() {
        runner.withUserConfiguration(Directory.class, SanitizerRendererAndCustomizers.class).run(context -> {
            assertThat(context).hasNotFailed();
            CommunicationCentre centre = context.getBean(CommunicationCentre.class);
            io.github.commscentre.Caller admin = io.github.commscentre.Caller.admin("org-boot", "user-1");
            var created = centre.create(admin, io.github.commscentre.NewCommunication.builder(
                    io.github.commscentre.CommunicationType.NOTICE, "Roof works").bodyHtml("<p>as written</p>").build());

            assertThat(centre.getById(admin, created.id()).communication().bodyHtml()).isEqualTo("<p>cleaned by the host</p>");
            assertThat(context.getBean(SanitizerRendererAndCustomizers.class).customized).containsExactly("first", "second");
            assertThat(centre.letterPreview(admin, created.id()))
                    .as("the customizer ran after the renderer bean was set, and replaced it")
                    .isEqualTo(SanitizerRendererAndCustomizers.CUSTOMIZED_LETTER);
        });
    }

    @Test
    void twoChannelBeansForOneChannelFailStartUp() {
        runner.withUserConfiguration(Directory.class, TwoChannelsForPost.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(causeOfType(context.getStartupFailure(), IllegalStateException.class))
                    .hasMessageContaining("two DeliveryChannel beans serve the channel 'post'");
        });
    }

    @Test
    void migrationsCanBeLeftToTheHost() {
        runner.withUserConfiguration(Directory.class)
                .withPropertyValues("commscentre.migrations.enabled=false", "spring.jpa.hibernate.ddl-auto=none",
                        "commscentre.dispatch.enabled=false") // no tables: nothing to poll
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(SchemaMigrations.class);
                    List<String> tables = new JdbcTemplate(context.getBean(DataSource.class)).queryForList(
                            "select lower(table_name) from information_schema.tables where table_schema = 'PUBLIC'",
                            String.class);
                    assertThat(tables).noneMatch(table -> table.startsWith("cc_"));
                });
    }

    @Test
    void thePollerCanBeTurnedOffAndStopsWithTheContext() {
        runner.withUserConfiguration(Directory.class).withPropertyValues("commscentre.dispatch.enabled=false")
                .run(context -> assertThat(context.getBean(DispatchActivity.class).polling()).isFalse());
        runner.withUserConfiguration(Directory.class).run(context -> {
            BackgroundWork work = context.getBean(BackgroundWork.class);
            DispatchActivity activity = context.getBean(DispatchActivity.class);
            assertThat(work.isRunning()).isTrue();
            context.close();
            assertThat(work.isRunning()).isFalse();
            assertThat(activity.polling()).isFalse();
        });
    }

    @Test
    void thePropertiesComeWithMetadataForIdes() throws IOException {
        String metadata;
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String property : List.of("commscentre.cursor-key", "commscentre.correlation-key",
                "commscentre.dispatch.enabled", "commscentre.dispatch.interval", "commscentre.dispatch.batch-size",
                "commscentre.migrations.enabled", "commscentre.migrations.tool", "commscentre.migrations.table",
                "commscentre.audit-linking.interval", "commscentre.health.audit-linking-behind-after")) {
            List<String> descriptions = JsonPath.read(metadata, "$.properties[?(@.name == '" + property + "')].description");
            assertThat(descriptions).as(property).hasSize(1);
            assertThat(descriptions.get(0)).as(property).hasSizeGreaterThan(20);
        }
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Our own META-INF/spring.factories, of the starter's classes. */
    private static Properties springFactories() throws IOException {
        for (URL url : Collections.list(AutoConfigurationTest.class.getClassLoader().getResources("META-INF/spring.factories"))) {
            Properties properties = new Properties();
            try (InputStream in = url.openStream()) {
                properties.load(in);
            }
            if (properties.toString().contains("io.github.commscentre")) {
                return properties;
            }
        }
        throw new IllegalStateException("no spring.factories of the starter");
    }
}
