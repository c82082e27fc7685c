-- Dashboards (Grafana's PostgreSQL data source) log in as reporting_reader: SELECT on the rollups only. The role is
-- created where roles are made (ops/postgres/init, the tests' database set-up); the owner grants, on every start.
DO $$
DECLARE
    rollup text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'reporting_reader') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO reporting_reader', current_schema());
        FOR rollup IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'rollup\_%'
                        AND tablename NOT LIKE '%\_next' LOOP
            EXECUTE format('GRANT SELECT ON %I.%I TO reporting_reader', current_schema(), rollup);
        END LOOP;
    END IF;
END $$;
