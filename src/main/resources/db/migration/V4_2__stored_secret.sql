-- Secrets Signet generates and must remember, kept apart from the files they protect: the password
-- of the generated keystore lives here, not beside the keystore in <data-dir>/pki, so a copy of the
-- pki files alone does not open Signet's keys. (Version 4.2: 4 and 4.1 are vendor migrations.)
create table stored_secret (
    name       varchar(64) primary key,
    secret     varchar(200) not null,
    created_at timestamp with time zone not null
);
