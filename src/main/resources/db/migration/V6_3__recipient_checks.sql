-- The identity checks a recipient passed besides following their email link, in the order passed
-- (e.g. 'otp-sms'), one per line: what their one-time certificate, the evidence and GET envelope's
-- verified_by state. Written in the transaction of the check's pass; never a code or an address.
alter table recipient add column checks_passed varchar(200);
