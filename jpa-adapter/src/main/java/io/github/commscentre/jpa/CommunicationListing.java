package io.github.commscentre.jpa;

import io.github.commscentre.CommunicationFilter;
import io.github.commscentre.spi.CommunicationKey;
import jakarta.persistence.Query;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static io.github.commscentre.jpa.JdbcTime.setInstant;

/**
 * The WHERE and ORDER BY of a communications listing, built from a {@link CommunicationFilter}: the SQL of a
 * keyset page, and the JPQL conditions of a count, from the same terms in the same order.
 */
final class CommunicationListing {

    private CommunicationListing() {
    }

    /**
     * @param columns {@link CommunicationRows#COLUMNS} or {@link CommunicationRows#SUMMARY_COLUMNS}
     * @return SQL for one page; {@link #bindPage} binds its parameters
     */
    static String pageSql(String columns, CommunicationFilter filter, CommunicationKey after) {
        StringBuilder sql = new StringBuilder("select ").append(columns)
                .append(" from cc_communication c where c.organisation_id = ?");
        for (FilterTerm term : FilterTerm.of(filter)) {
            sql.append(" and c.").append(term.column()).append(" = ?");
        }
        if (after != null) {
            // The redundant "created_at <=" is what lets the database start the index scan at the cursor; without it
            // the OR is only a filter, and a deep page reads every row before it (docs/benchmarks.md).
            sql.append(" and c.created_at <= ? and (c.created_at < ? or (c.created_at = ? and c.id < ?))");
        }
        return sql.append(order(filter)).append(" limit ?").toString();
    }

    static void bindPage(PreparedStatement statement, String organisationId, CommunicationFilter filter,
                         CommunicationKey after, int limit) throws SQLException {
        int index = 1;
        statement.setString(index++, organisationId);
        for (FilterTerm term : FilterTerm.of(filter)) {
            statement.setString(index++, term.value());
        }
        if (after != null) {
            setInstant(statement, index++, after.createdAt());
            setInstant(statement, index++, after.createdAt());
            setInstant(statement, index++, after.createdAt());
            statement.setObject(index++, after.id());
        }
        statement.setInt(index, limit);
    }

    /** Appends the filter's conditions on the entity alias {@code c}; {@link #bindJpqlFilter} binds them. */
    static void appendJpqlFilter(StringBuilder jpql, CommunicationFilter filter) {
        for (FilterTerm term : FilterTerm.of(filter)) {
            jpql.append(" and c.").append(term.attribute()).append(" = :").append(term.attribute());
        }
    }

    static void bindJpqlFilter(Query query, CommunicationFilter filter) {
        for (FilterTerm term : FilterTerm.of(filter)) {
            query.setParameter(term.attribute(), term.value());
        }
    }

    /**
     * Newest first, spelled with the leading columns of the index that serves the filter ({@code organisation_id},
     * then the most selective filter column). Those columns are fixed to one value by the WHERE clause, so the order
     * is the same; but H2 only reads an index in order, and stops after the page, when the ORDER BY names the index's
     * columns from the first: otherwise it sorts every matching row for every page (docs/benchmarks.md). PostgreSQL
     * drops the constant columns and plans as before.
     */
    private static String order(CommunicationFilter filter) {
        String leading = "";
        if (filter != null) {
            if (filter.unitId() != null) {
                leading = "c.unit_id, ";
            } else if (filter.blockId() != null) {
                leading = "c.block_id, ";
            } else if (filter.status() != null) {
                leading = "c.status, ";
            } else if (filter.communicationType() != null) {
                leading = "c.communication_type, ";
            }
        }
        return " order by c.organisation_id, " + leading + "c.created_at desc, c.id desc";
    }

    /** One condition of a filter: the entity attribute (also the JPQL parameter's name), the column, the stored value. */
    private record FilterTerm(String attribute, String column, String value) {

        static List<FilterTerm> of(CommunicationFilter filter) {
            List<FilterTerm> terms = new ArrayList<>(4);
            if (filter == null) {
                return terms;
            }
            if (filter.blockId() != null) {
                terms.add(new FilterTerm("blockId", "block_id", filter.blockId()));
            }
            if (filter.unitId() != null) {
                terms.add(new FilterTerm("unitId", "unit_id", filter.unitId()));
            }
            if (filter.communicationType() != null) {
                terms.add(new FilterTerm("communicationType", "communication_type", filter.communicationType().wireName()));
            }
            if (filter.status() != null) {
                terms.add(new FilterTerm("status", "status", filter.status().wireName()));
            }
            return terms;
        }
    }
}
