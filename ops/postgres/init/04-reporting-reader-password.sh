#!/bin/bash
# Gives reporting_reader (03-reporting-reader.sql), the role Grafana's PostgreSQL data source logs in as, its password
# from .env (docker-compose.yml passes REPORTING_READER_DB_PASSWORD). Runs once, when the data volume is first created.
set -euo pipefail
password="${REPORTING_READER_DB_PASSWORD:?set REPORTING_READER_DB_PASSWORD in .env (see .env.example)}"
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER}" --dbname "${POSTGRES_DB}" -v password="${password}" <<'SQL'
ALTER ROLE reporting_reader WITH PASSWORD :'password';
SQL
