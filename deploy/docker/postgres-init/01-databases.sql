-- One database per service that owns data (see each app's config: postgresEnv('<database>')).
CREATE DATABASE exchange_users;
CREATE DATABASE exchange_wallet;
CREATE DATABASE exchange_matching;
CREATE DATABASE exchange_market_data;
