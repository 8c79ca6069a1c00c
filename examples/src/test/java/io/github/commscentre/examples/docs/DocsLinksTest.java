package io.github.commscentre.examples.docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in README.md and docs/*.md points to a file that exists, and every #anchor to a heading
 * of its target (GitHub's anchor rules), so that a newcomer never lands on a 404.
 */
class DocsLinksTest {

    /**
     * Pages written in parallel on other branches: reliability and benchmarks. Until
     * they are merged, a link to one of them is accepted while the file is absent; once it is there, it is checked
     * like any other page (and the README must link it). Remove an entry when its page has landed on main.
     */
    private static final Set<String> PAGES_OF_OTHER_BRANCHES =
            Set.of();

    private static final Pattern LINK = Pattern.compile("(?<!!)\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    @Test
    void everyRelativeLinkAndAnchorResolves() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : Markdown.pages()) {
            for (Map.Entry<Integer, String> line : Markdown.prose(page).entrySet()) {
                String text = line.getValue().replaceAll("`[^`]*`", "");
                Matcher m = LINK.matcher(text);
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("(?i)(https?|mailto):.*")) {
                        continue;
                    }
                    checked++;
                    String problem = problem(page, target);
                    if (problem != null) {
                        broken.add(Markdown.root().relativize(page) + ":" + line.getKey() + ": " + target + ": " + problem);
                    }
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        assertThat(checked).as("relative links checked").isGreaterThan(30);
    }

    @Test
    void readmeLinksEveryPageOfTheDocs() {
        String readme = String.join("\n", Markdown.lines(Markdown.root().resolve("README.md")));
        for (Path page : Markdown.pages()) {
            if (!page.getFileName().toString().equals("README.md")) {
                assertThat(readme).as("README links %s", page.getFileName()).contains("(docs/" + page.getFileName() + ")");
            }
        }
    }

    @Test
    void slugsFollowGitHubRules() {
        assertThat(Markdown.slug("What `verifyAuditTrail` checks")).isEqualTo("what-verifyaudittrail-checks");
        assertThat(Markdown.slug("2. Tell it about your blocks, units and leaseholders"))
                .isEqualTo("2-tell-it-about-your-blocks-units-and-leaseholders");
        assertThat(Markdown.slug("recipients_added, and more!")).isEqualTo("recipients_added-and-more");
        assertThat(Markdown.slug("Spring Boot (with its EntityManagerFactory)")).isEqualTo("spring-boot-with-its-entitymanagerfactory");
    }

    private static String relative(Path file) {
        return Markdown.root().relativize(file).toString().replace('\\', '/');
    }

    private static String problem(Path page, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
        if (!Files.exists(file) && PAGES_OF_OTHER_BRANCHES.contains(relative(file)) && anchor == null) {
            System.out.println("DocsLinksTest: " + relative(file) + " is not merged yet; the link from " + relative(page)
                    + " is accepted until it is");
            return null;
        }
        if (!Files.exists(file)) {
            return "no such file " + Markdown.root().relativize(file);
        }
        if (anchor != null) {
            if (!file.toString().endsWith(".md")) {
                return "an anchor into a file that is not Markdown";
            }
            if (!Markdown.anchors(file).contains(anchor)) {
                return "no heading with anchor #" + anchor + " in " + file.getFileName() + "; there are " + Markdown.anchors(file);
            }
        }
        return null;
    }
}
