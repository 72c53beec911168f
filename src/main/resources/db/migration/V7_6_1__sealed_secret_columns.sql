-- Webhook secrets and TOTP seeds are kept sealed by SecretBox (sb1:<key id>:<base64url of nonce,
-- ciphertext and tag>), longer than the plain values: room for them. The values themselves are sealed
-- in Java at start-up (account.SecretSealing), which needs the key this SQL never sees.
-- SET DATA TYPE keeps each column's nullability, on PostgreSQL and H2 alike.
alter table webhook_endpoint alter column secret set data type varchar(400);
alter table webhook_endpoint alter column previous_secret set data type varchar(400);
alter table webhook_signing_secret alter column secret set data type varchar(400);
alter table webhook_signing_secret alter column previous_secret set data type varchar(400);
alter table portal_user alter column totp_secret set data type varchar(400);
