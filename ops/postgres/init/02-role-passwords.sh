#!/bin/bash
# Gives each service's role the password from .env (docker-compose.yml passes <ROLE>_DB_PASSWORD), replacing the
# local default that 01-roles-and-schemas.sql sets (the role's name, which the services refuse outside the local
# stack). Runs once, when the data volume is first created, after 01.
set -euo pipefail
for role in catalog customer cart orders inventory payment shipping backorder reporting; do
    variable="${role^^}_DB_PASSWORD"
    password="${!variable:?set ${variable} in .env (see .env.example)}"
    psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER}" --dbname "${POSTGRES_DB}" \
        -v role="${role}" -v password="${password}" <<'SQL'
ALTER ROLE :"role" WITH PASSWORD :'password';
SQL
done
