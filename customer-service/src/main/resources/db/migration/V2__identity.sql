-- Customers sign in with their email (unique whatever its case) and a password (a DelegatingPasswordEncoder
-- hash, {bcrypt} today). The table had no writer before this version, so it holds no rows.
ALTER TABLE customer ADD COLUMN password_hash varchar(200) NOT NULL;
CREATE UNIQUE INDEX customer_email_ci_idx ON customer (lower(email));

-- Spring Authorization Server's JDBC schemas, adapted to PostgreSQL as its scripts advise: blob -> text,
-- timestamp -> timestamptz. Registered clients, authorizations (codes, access, refresh and ID tokens) and
-- consents live here, so a restart of customer-service keeps every issued token and refresh token valid.
CREATE TABLE oauth2_registered_client (
    id                            varchar(100)  NOT NULL PRIMARY KEY,
    client_id                     varchar(100)  NOT NULL UNIQUE,
    client_id_issued_at           timestamptz   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    client_secret                 varchar(200),
    client_secret_expires_at      timestamptz,
    client_name                   varchar(200)  NOT NULL,
    client_authentication_methods varchar(1000) NOT NULL,
    authorization_grant_types     varchar(1000) NOT NULL,
    redirect_uris                 varchar(1000),
    post_logout_redirect_uris     varchar(1000),
    scopes                        varchar(1000) NOT NULL,
    client_settings               varchar(2000) NOT NULL,
    token_settings                varchar(2000) NOT NULL
);

CREATE TABLE oauth2_authorization (
    id                            varchar(100) NOT NULL PRIMARY KEY,
    registered_client_id          varchar(100) NOT NULL,
    principal_name                varchar(200) NOT NULL,
    authorization_grant_type      varchar(100) NOT NULL,
    authorized_scopes             varchar(1000),
    attributes                    text,
    state                         varchar(500),
    authorization_code_value      text,
    authorization_code_issued_at  timestamptz,
    authorization_code_expires_at timestamptz,
    authorization_code_metadata   text,
    access_token_value            text,
    access_token_issued_at        timestamptz,
    access_token_expires_at       timestamptz,
    access_token_metadata         text,
    access_token_type             varchar(100),
    access_token_scopes           varchar(1000),
    oidc_id_token_value           text,
    oidc_id_token_issued_at       timestamptz,
    oidc_id_token_expires_at      timestamptz,
    oidc_id_token_metadata        text,
    refresh_token_value           text,
    refresh_token_issued_at       timestamptz,
    refresh_token_expires_at      timestamptz,
    refresh_token_metadata        text,
    user_code_value               text,
    user_code_issued_at           timestamptz,
    user_code_expires_at          timestamptz,
    user_code_metadata            text,
    device_code_value             text,
    device_code_issued_at         timestamptz,
    device_code_expires_at        timestamptz,
    device_code_metadata          text
);
-- The token endpoint finds an authorization by its code, state or refresh token (hash indexes: the values
-- are long and only ever compared for equality).
CREATE INDEX oauth2_authorization_code_idx ON oauth2_authorization USING hash (authorization_code_value);
CREATE INDEX oauth2_authorization_state_idx ON oauth2_authorization USING hash (state);
CREATE INDEX oauth2_authorization_refresh_idx ON oauth2_authorization USING hash (refresh_token_value);
CREATE INDEX oauth2_authorization_access_idx ON oauth2_authorization USING hash (access_token_value);

CREATE TABLE oauth2_authorization_consent (
    registered_client_id varchar(100)  NOT NULL,
    principal_name       varchar(200)  NOT NULL,
    authorities          varchar(1000) NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);

-- The keys access and ID tokens are signed with. One is active (retired_at IS NULL); a retired key stays
-- in the published key set until every token it signed has expired.
CREATE TABLE signing_key (
    kid         varchar(64)  PRIMARY KEY,
    algorithm   varchar(10)  NOT NULL,
    public_key  text         NOT NULL,  -- X.509 SubjectPublicKeyInfo, base64
    private_key text         NOT NULL,  -- PKCS#8, base64
    created_at  timestamptz  NOT NULL,
    retired_at  timestamptz
);
CREATE UNIQUE INDEX signing_key_one_active_idx ON signing_key ((true)) WHERE retired_at IS NULL;
