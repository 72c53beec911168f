-- H2 measures a varchar's length in UTF-16 code units, PostgreSQL in characters (code points): a
-- name of 60 emoji is 60 characters, within Signet's limit of 100, yet 120 units, too long for H2's
-- varchar(100). Signet checks every length itself, in code points, before it writes; on H2 the
-- columns that hold text people write are made twice as wide, so every text within Signet's limits
-- fits, as it does on PostgreSQL. (Version 4 is PostgreSQL's; the number is not reused.)
alter table organisation alter column name set data type varchar(400);
alter table organisation alter column notification_email set data type varchar(640);

alter table envelope alter column name set data type varchar(250);
alter table envelope alter column invitation_message set data type varchar(1200);
alter table envelope alter column reply_to set data type varchar(640);
alter table envelope alter column sender_name set data type varchar(400);
alter table envelope alter column notification_url set data type varchar(4000);

alter table document alter column file_name set data type varchar(510);

alter table recipient alter column name set data type varchar(200);
alter table recipient alter column email set data type varchar(640);
alter table recipient alter column role set data type varchar(100);
alter table recipient alter column user_agent set data type varchar(1000);
alter table recipient alter column decline_reason set data type varchar(1000);

alter table tag alter column name set data type varchar(100);
alter table tag alter column tag_group_name set data type varchar(100);

alter table outbox_message alter column address set data type varchar(4000);
alter table outbox_message alter column from_name set data type varchar(400);
alter table outbox_message alter column reply_to set data type varchar(640);
alter table outbox_message alter column subject set data type varchar(600);
alter table outbox_message alter column last_error set data type varchar(2000);

alter table idempotency_key alter column idem_key set data type varchar(510);

alter table envelope_file alter column file_name set data type varchar(510);
