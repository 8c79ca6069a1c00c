package io.github.commscentre.boot;

import io.github.commscentre.jpa.JpaCommunicationStore;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds the library's entities to the application's persistence unit, beside whatever Spring Boot found: Boot builds
 * its {@code EntityManagerFactory} from one {@link PersistenceManagedTypes} bean (its scan of the application's
 * packages, or the packages of an {@code @EntityScan}), and this adds our four classes to it. So the host's scan is
 * never replaced, and the host never names our package.
 */
final class CommunicationCentreEntities implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof PersistenceManagedTypes types && !(bean instanceof WithOurEntities)) {
            return new WithOurEntities(types);
        }
        return bean;
    }

    /** The host's managed types and ours. */
    private static final class WithOurEntities implements PersistenceManagedTypes {
        private final PersistenceManagedTypes host;
        private final List<String> classNames;

        WithOurEntities(PersistenceManagedTypes host) {
            this.host = host;
            List<String> names = new ArrayList<>(host.getManagedClassNames());
            for (String ours : JpaCommunicationStore.entityClassNames()) {
                if (!names.contains(ours)) {
                    names.add(ours);
                }
            }
            this.classNames = List.copyOf(names);
        }

        @Override
        public List<String> getManagedClassNames() {
            return classNames;
        }

        @Override
        public List<String> getManagedPackages() {
            return host.getManagedPackages();
        }

        @Override
        public URL getPersistenceUnitRootUrl() {
            return host.getPersistenceUnitRootUrl();
        }
    }
}
