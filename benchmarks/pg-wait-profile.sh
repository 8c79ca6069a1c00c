#!/usr/bin/env bash
# Samples what PostgreSQL's client backends are doing (pg_stat_activity's wait events) every 5 ms for a while, from
# one backend of its own so that sampling costs the benchmark almost nothing, and prints the share of each state.
# Run it while a benchmark runs, e.g.:
#   benchmarks/run.sh --db=postgresql --only='.*RecipientStatusBenchmark.facade8$' --no-memory-check --no-counts &
#   sleep 30; benchmarks/pg-wait-profile.sh 10
# Connection: PGHOST/PGPORT/PGUSER/PGDATABASE, default 127.0.0.1:5432, postgres, test.
set -euo pipefail
seconds="${1:-10}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}" PGDATABASE="${PGDATABASE:-test}"
psql -X -q -v ON_ERROR_STOP=1 <<SQL
create temporary table samples (state text);
do \$\$
declare
  ends timestamptz := clock_timestamp() + interval '${seconds} seconds';
begin
  while clock_timestamp() < ends loop
    perform pg_stat_clear_snapshot();
    insert into samples
      select coalesce(wait_event_type || ':' || wait_event, 'on CPU') || ' (' || state || ')'
      from pg_stat_activity
      where backend_type = 'client backend' and pid <> pg_backend_pid() and datname = current_database()
        and state <> 'idle';
    perform pg_sleep(0.005);
  end loop;
end
\$\$;
select count(*) as samples, round(100.0 * count(*) / sum(count(*)) over (), 1) as percent, state
from samples group by state order by count(*) desc;
SQL
