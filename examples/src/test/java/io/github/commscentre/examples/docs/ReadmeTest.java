package io.github.commscentre.examples.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the README promises about the build: the commands' profile, the artifacts, the version. */
class ReadmeTest {

    private final String readme = DocsPages.read("README.md");

    @Test
    void runCommandUsesAProfileTheExamplesModuleDefines() {
        assertThat(readme).contains("./mvnw -q -pl examples -am -DskipTests -Prun-example package", "./mvnw verify");
        String pom = DocsPages.read("examples/pom.xml");
        assertThat(pom).contains("<id>run-example</id>", "<goal>java</goal>",
                "<example.mainClass>io.github.commscentre.examples.BlockManagerWeek</example.mainClass>");
        assertThat(Files.isExecutable(Markdown.root().resolve("mvnw"))).as("mvnw is executable").isTrue();
    }

    @Test
    void everyArtifactTheDocsNameIsAModuleAtTheProjectVersion() throws IOException {
        Set<String> modules = new HashSet<>();
        try (Stream<Path> poms = Files.list(Markdown.root())) {
            for (Path dir : poms.filter(Files::isDirectory).toList()) {
                Path pom = dir.resolve("pom.xml");
                if (Files.exists(pom)) {
                    String withoutParent = Files.readString(pom).replaceAll("(?s)<parent>.*?</parent>", "");
                    Matcher m = Pattern.compile("<artifactId>([\\w-]+)</artifactId>").matcher(withoutParent);
                    if (m.find()) {
                        modules.add(m.group(1));
                    }
                }
            }
        }
        String version = versionOf(DocsPages.read("pom.xml"));
        for (String page : List.of("README.md", "docs/getting-started.md", "docs/testing-with-in-memory.md")) {
            Matcher artifact = Pattern.compile("<artifactId>(communication-centre-[\\w-]+)</artifactId>").matcher(DocsPages.read(page));
            int found = 0;
            while (artifact.find()) {
                assertThat(modules).as("%s names %s", page, artifact.group(1)).contains(artifact.group(1));
                found++;
            }
            assertThat(found).as("artifacts named in %s", page).isPositive();
            Matcher versions = Pattern.compile("<version>([^<]+)</version>").matcher(DocsPages.read(page));
            while (versions.find()) {
                assertThat(versions.group(1)).as("version in %s", page).isEqualTo(version);
            }
        }
        assertThat(DocsPages.read("bom/pom.xml")).contains("communication-centre-core", "communication-centre-jpa",
                "communication-centre-in-memory", "communication-centre-test-kit");
    }

    private static String versionOf(String pom) {
        Matcher m = Pattern.compile("<artifactId>communication-centre-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
