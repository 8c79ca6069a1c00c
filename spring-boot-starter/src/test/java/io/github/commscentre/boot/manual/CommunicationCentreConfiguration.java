package io.github.commscentre.boot.manual;

import io.github.commscentre.CommunicationCentre;
import io.github.commscentre.boot.sample.Flat;
import io.github.commscentre.jpa.JpaCommunicationStore;
import io.github.commscentre.spi.PropertyDirectory;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;

import java.util.Base64;

/** The wiring the starter does, by hand: for a Boot host that does not take the starter (docs/integrating.md). */
// tag::configuration[]
@Configuration
@EntityScan(basePackageClasses = {Flat.class, JpaCommunicationStore.class}) // yours, and ours
public class CommunicationCentreConfiguration {

    @Bean
    JpaCommunicationStore communicationStore(EntityManagerFactory emf) {
        return JpaCommunicationStore.builder(emf)
                // the entity manager of the current @Transactional transaction; null outside one (then its own)
                .entityManagerProvider(() -> EntityManagerFactoryUtils.getTransactionalEntityManager(emf))
                .build();
    }

    @Bean
    CommunicationCentre communicationCentre(JpaCommunicationStore store, PropertyDirectory directory,
                                            @Value("${communications.cursor-key}") String cursorKey) {
        return CommunicationCentre.builder()
                .store(store)
                .directory(directory)   // your @Component implementing PropertyDirectory
                .cursorKey(Base64.getDecoder().decode(cursorKey)) // 32+ random bytes, the same on every instance
                .build();
    }
}
// end::configuration[]
