package io.github.commscentre.boot;

import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.boot.sample.FlatRepository;
import io.github.commscentre.testkit.MutableClock;
import io.github.commscentre.testkit.RecordingDeliveryChannel;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

import java.time.Instant;

/** What the tests add to the sample host: a clock of its own, a second channel, and a transactional service. */
@TestConfiguration(proxyBeanMethods = false)
public class HostTestConfiguration {

    /** The host's clock, which the facade must take. */
    static final Instant HOST_TIME = Instant.parse("2026-03-02T09:00:00Z");

    @Bean
    MutableClock hostClock() {
        return MutableClock.at(HOST_TIME);
    }

    @Bean
    @DeliveryChannelName("post")
    RecordingDeliveryChannel postRoom() {
        return RecordingDeliveryChannel.acceptingAll();
    }

    @Bean
    HostWork hostWork(FlatRepository flats, CommunicationCentre centre, @Lazy HostWork self) {
        HostWork work = new HostWork(flats, centre);
        work.setSelf(self);
        return work;
    }

    @Bean
    @ConditionalOnProperty(TestDatabases.POSTGRES_SCHEMA_PROPERTY)
    PostgresSchemaDrop postgresSchemaDrop(@Value("${" + TestDatabases.POSTGRES_SCHEMA_PROPERTY + "}") String schema) {
        return new PostgresSchemaDrop(schema);
    }
}
