-- One database and one login role per process of the suite, each role owning only its own
-- database: a service cannot read another's tables (they meet on Kafka, never in SQL).
--
-- Run once by the postgres image's entrypoint, on an empty data volume, as POSTGRES_USER:
--   psql -v ON_ERROR_STOP=1 -f /docker-entrypoint-initdb.d/init.sql
-- The roles' password comes from the container's KONFLIKTRAD_DB_PASSWORD (psql 15+ \getenv).
-- The schema itself is made by each service's migration job, not here.

\set ON_ERROR_STOP on
\getenv service_password KONFLIKTRAD_DB_PASSWORD
\if :{?service_password}
\else
DO $$ BEGIN RAISE EXCEPTION 'init.sql: KONFLIKTRAD_DB_PASSWORD is not set for the postgres container'; END $$;
\endif

CREATE ROLE referral LOGIN PASSWORD :'service_password';
CREATE DATABASE referral OWNER referral;
REVOKE ALL ON DATABASE referral FROM PUBLIC;

CREATE ROLE mediation LOGIN PASSWORD :'service_password';
CREATE DATABASE mediation OWNER mediation;
REVOKE ALL ON DATABASE mediation FROM PUBLIC;

CREATE ROLE youth_plan LOGIN PASSWORD :'service_password';
CREATE DATABASE youth_plan OWNER youth_plan;
REVOKE ALL ON DATABASE youth_plan FROM PUBLIC;

CREATE ROLE vetting LOGIN PASSWORD :'service_password';
CREATE DATABASE vetting OWNER vetting;
REVOKE ALL ON DATABASE vetting FROM PUBLIC;

CREATE ROLE notification LOGIN PASSWORD :'service_password';
CREATE DATABASE notification OWNER notification;
REVOKE ALL ON DATABASE notification FROM PUBLIC;

-- The agency adapters run notification's code and schema, each on a database of its own:
-- their outbox rows and inbox entries must not mix with notification's or each other's.
CREATE ROLE prosecution_adapter LOGIN PASSWORD :'service_password';
CREATE DATABASE prosecution_adapter OWNER prosecution_adapter;
REVOKE ALL ON DATABASE prosecution_adapter FROM PUBLIC;

CREATE ROLE correctional_adapter LOGIN PASSWORD :'service_password';
CREATE DATABASE correctional_adapter OWNER correctional_adapter;
REVOKE ALL ON DATABASE correctional_adapter FROM PUBLIC;
