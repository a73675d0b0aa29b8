-- One database and one login role per process of the suite, each role owning only its own
-- database and holding a password of its own: a service cannot read another's tables (they
-- meet on Kafka, never in SQL), and one leaked password opens one database, not seven.
--
-- Run once by the postgres image's entrypoint, on an empty data volume, as POSTGRES_USER:
--   psql -v ON_ERROR_STOP=1 -f /docker-entrypoint-initdb.d/init.sql
-- Each role's password comes from the container's <ROLE>_DB_PASSWORD (psql 15+ \getenv),
-- e.g. REFERRAL_DB_PASSWORD for the role referral.
-- The schema itself is made by each service's migration job, not here.
-- So is the audit chain's guard: the table does not exist yet when this runs. The migration
-- that creates `audit_chain` (as the service's own role, its owner) revokes UPDATE, DELETE and
-- TRUNCATE on it from PUBLIC and from that role itself, and adds a trigger that refuses them
-- for every role, the owner included (`konfliktrad_shared.plumbing_schema.add_audit_chain`).

\set ON_ERROR_STOP on

\getenv referral_password REFERRAL_DB_PASSWORD
\if :{?referral_password}
\else
DO $$ BEGIN RAISE EXCEPTION 'init.sql: REFERRAL_DB_PASSWORD is not set for the postgres container'; END $$;
\endif
CREATE ROLE referral LOGIN PASSWORD :'referral_password';
CREATE DATABASE referral OWNER referral;
REVOKE ALL ON DATABASE referral FROM PUBLIC;

\getenv mediation_password MEDIATION_DB_PASSWORD
\if :{?mediation_password}
\else
DO $$ BEGIN RAISE EXCEPTION 'init.sql: MEDIATION_DB_PASSWORD is not set for the postgres container'; END $$;
\endif
CREATE ROLE mediation LOGIN PASSWORD :'mediation_password';
CREATE DATABASE mediation OWNER mediation;
REVOKE ALL ON DATABASE mediation FROM PUBLIC;

\getenv youth_plan_password YOUTH_PLAN_DB_PASSWORD
\if :{?youth_plan_password}
\else
DO $$ BEGIN RAISE EXCEPTION 'init.sql: YOUTH_PLAN_DB_PASSWORD is not set for the postgres container'; END $$;
\endif
CREATE ROLE youth_plan LOGIN PASSWORD :'youth_plan_password';
CREATE DATABASE youth_plan OWNER youth_plan;
REVOKE ALL ON DATABASE youth_plan FROM PUBLIC;

\getenv vetting_password VETTING_DB_PASSWORD
\if :{?vetting_password}
\else
DO $$ BEGIN RAISE EXCEPTION 'init.sql: VETTING_DB_PASSWORD is not set for the postgres container'; END $$;
\endif
CREATE ROLE vetting LOGIN PASSWORD :'vetting_password';
CREATE DATABASE vetting OWNER vetting;
REVOKE ALL ON DATABASE vetting FROM PUBLIC;

\getenv notification_password NOTIFICATION_DB_PASSWORD
\if :{?notification_password}
\else
DO $$ BEGIN RAISE EXCEPTION 'init.sql: NOTIFICATION_DB_PASSWORD is not set for the postgres container'; END $$;
\endif
CREATE ROLE notification LOGIN PASSWORD :'notification_password';
CREATE DATABASE notification OWNER notification;
REVOKE ALL ON DATABASE notification FROM PUBLIC;

-- The agency adapters run notification's code and schema, each on a database of its own:
-- their outbox rows and inbox entries must not mix with notification's or each other's.
\getenv prosecution_adapter_password PROSECUTION_ADAPTER_DB_PASSWORD
\if :{?prosecution_adapter_password}
\else
DO $$ BEGIN RAISE EXCEPTION 'init.sql: PROSECUTION_ADAPTER_DB_PASSWORD is not set for the postgres container'; END $$;
\endif
CREATE ROLE prosecution_adapter LOGIN PASSWORD :'prosecution_adapter_password';
CREATE DATABASE prosecution_adapter OWNER prosecution_adapter;
REVOKE ALL ON DATABASE prosecution_adapter FROM PUBLIC;

\getenv correctional_adapter_password CORRECTIONAL_ADAPTER_DB_PASSWORD
\if :{?correctional_adapter_password}
\else
DO $$ BEGIN RAISE EXCEPTION 'init.sql: CORRECTIONAL_ADAPTER_DB_PASSWORD is not set for the postgres container'; END $$;
\endif
CREATE ROLE correctional_adapter LOGIN PASSWORD :'correctional_adapter_password';
CREATE DATABASE correctional_adapter OWNER correctional_adapter;
REVOKE ALL ON DATABASE correctional_adapter FROM PUBLIC;
