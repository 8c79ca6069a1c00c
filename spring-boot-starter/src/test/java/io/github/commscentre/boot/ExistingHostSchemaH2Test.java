package io.github.commscentre.boot;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An existing host schema on H2. */
class ExistingHostSchemaH2Test extends ExistingHostSchemaTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = TestDatabases.newH2Url();
        hostSchemaBeforeTheStarter(url, "sa", "");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "sa");
    }
}
