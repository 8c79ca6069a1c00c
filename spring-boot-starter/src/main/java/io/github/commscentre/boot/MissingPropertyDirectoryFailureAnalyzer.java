package io.github.commscentre.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says what a host must implement when it has no {@code PropertyDirectory} bean. */
public final class MissingPropertyDirectoryFailureAnalyzer extends AbstractFailureAnalyzer<MissingPropertyDirectoryException> {

    static final String DESCRIPTION = "The Communications Centre reads your blocks, units and leaseholders through a "
            + "PropertyDirectory, and the application has no bean of that type.";

    static final String ACTION = """
            Implement io.github.commscentre.spi.PropertyDirectory over your own tables and make it a bean \
            (annotate the class with @Component). It answers three questions, each for one organisation:
                boolean blockBelongsTo(String organisationId, String blockId)
                Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds)   (in bulk: one query)
                List<UnitRecord> findUnitsInBlock(String organisationId, String blockId)   (in a stable order)
            In tests, InMemoryPropertyDirectory of communication-centre-test-kit will do. Or define your own \
            CommunicationCentre bean, and the starter builds none.""";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingPropertyDirectoryException cause) {
        return new FailureAnalysis(DESCRIPTION, ACTION, cause);
    }
}
