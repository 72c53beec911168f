-- The audit trail of each envelope: an append-only, hash-chained list of what happened.
-- hash = SHA-256 over the previous hash and this event's canonical form, so editing, deleting or
-- inserting an event anywhere but at the end breaks every hash after it; the head hash is also
-- written into the signed evidence XML of the completion pack, which guards the end.
create table audit_event (
    envelope_id  uuid not null,
    seq          integer not null,
    occurred_at  timestamp with time zone not null,
    type         varchar(40) not null,
    actor        varchar(80) not null,
    details_json text not null,
    prev_hash    varchar(64) not null,
    hash         varchar(64) not null,
    primary key (envelope_id, seq)
);
