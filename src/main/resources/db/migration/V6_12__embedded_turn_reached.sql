-- An embedded signer is never emailed, so invitation_email_queued_at stays empty; this says when their
-- held link was released (their sign group was reached), which is what reminders and offline signing ask.
alter table recipient add column turn_reached_at timestamp with time zone;
