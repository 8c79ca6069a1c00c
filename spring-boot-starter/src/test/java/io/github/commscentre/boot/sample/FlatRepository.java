package io.github.commscentre.boot.sample;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.Collection;
import java.util.List;

/** Spring Data over the host's flats. */
public interface FlatRepository extends JpaRepository<Flat, String> {

    boolean existsByOrganisationIdAndBlockId(String organisationId, String blockId);

    List<Flat> findByOrganisationIdAndIdIn(String organisationId, Collection<String> ids);

    List<Flat> findByOrganisationIdAndBlockIdOrderById(String organisationId, String blockId);
}
