-- One database per service that owns data (see each app's config: postgresEnv('<database>')); text keys compare
-- byte by byte (LC_COLLATE 'C', as createDatabase in libs/shared/data-access-postgres does).
CREATE DATABASE exchange_users TEMPLATE template0 LC_COLLATE 'C';
CREATE DATABASE exchange_wallet TEMPLATE template0 LC_COLLATE 'C';
CREATE DATABASE exchange_matching TEMPLATE template0 LC_COLLATE 'C';
CREATE DATABASE exchange_market_data TEMPLATE template0 LC_COLLATE 'C';
