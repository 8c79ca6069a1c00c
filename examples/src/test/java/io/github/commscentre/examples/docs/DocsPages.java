package io.github.commscentre.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Access to the repository's Markdown pages for tests outside this package. */
public final class DocsPages {

    private DocsPages() {
    }

    /**
     * @param relativePath a page's path from the repository's root, for example {@code docs/integrating.md}
     * @return its text
     */
    public static String read(String relativePath) {
        try {
            return Files.readString(Markdown.root().resolve(relativePath), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
