package io.github.commscentre.boot.sample;

import io.github.commscentre.spi.PropertyDirectory;
import io.github.commscentre.spi.UnitRecord;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

// tag::directory[]
/** Answers the library's questions about blocks, units and leaseholders from the host's own flats. */
@Component
class FlatDirectory implements PropertyDirectory {

    private final FlatRepository flats;

    FlatDirectory(FlatRepository flats) {
        this.flats = flats;
    }

    @Override
    public boolean blockBelongsTo(String organisationId, String blockId) {
        return flats.existsByOrganisationIdAndBlockId(organisationId, blockId);
    }

    @Override
    public Map<String, UnitRecord> findUnits(String organisationId, Collection<String> unitIds) {
        return flats.findByOrganisationIdAndIdIn(organisationId, unitIds).stream() // one query for them all
                .map(FlatDirectory::unit)
                .collect(Collectors.toMap(UnitRecord::unitId, Function.identity()));
    }

    @Override
    public List<UnitRecord> findUnitsInBlock(String organisationId, String blockId) {
        return flats.findByOrganisationIdAndBlockIdOrderById(organisationId, blockId).stream()
                .map(FlatDirectory::unit)
                .toList();
    }

    private static UnitRecord unit(Flat flat) {
        return new UnitRecord(flat.getId(), flat.getBlockId(), flat.getLeaseholderName(), flat.getLeaseholderEmail());
    }
}
// end::directory[]
