/**
 * H2's half of the database guards of migrations V2 and V3: Java triggers, since H2 has no trigger language of its own.
 * The H2 migrations name these classes; nothing else uses them, and they are not part of the library's API. A class a
 * shipped migration names keeps its rule and stays in the jar: a later migration that changes a rule drops the trigger
 * and creates it again on a new class, as V3 does with {@link io.github.commscentre.jpa.h2guard.DeliveryProgressGuard}
 * and {@link io.github.commscentre.jpa.h2guard.FixedRecipientListGuard}.
 *
 * <p>They refuse what the PostgreSQL triggers refuse, with the same SQL state (23000), as far as H2 allows: H2 fires
 * no trigger on TRUNCATE (the migration refuses it another way), has no row locks that a trigger could take to
 * wait for a concurrent change, and lets an admin drop triggers. An admin session can switch the guards off with
 * {@code SET @cc_guards = 'off'}, as a PostgreSQL superuser can with {@code session_replication_role = replica}:
 * for tests that tamper on purpose. See docs/schema-and-migrations.md.
 */
package io.github.commscentre.jpa.h2guard;
