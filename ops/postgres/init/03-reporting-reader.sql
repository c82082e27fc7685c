-- The role dashboards (Grafana's PostgreSQL data source) log in as: SELECT on reporting's rollup tables only, which
-- reporting-service's Flyway callback grants (as the schema's owner) on every start. Runs once, after 01 and 02,
-- when the data volume is first created. No password here: 04-reporting-reader-password.sh sets the one from .env
-- (REPORTING_READER_DB_PASSWORD), so no published default ever opens it.
DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'reporting_reader') THEN CREATE ROLE reporting_reader LOGIN; END IF; END $$;
ALTER ROLE reporting_reader WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
GRANT CONNECT ON DATABASE commerce TO reporting_reader;
ALTER ROLE reporting_reader IN DATABASE commerce SET search_path = reporting;
