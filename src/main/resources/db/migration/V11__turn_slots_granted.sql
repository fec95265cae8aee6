-- Every ask for a turn slot looks at the held slots only (see dev.baton.usage.FairShare); without this index it read
-- every waiting row too, so a queue of thousands made each ask, and each completion, slower.
create index turn_slots_granted on turn_slots (user_id) where granted_at is not null;
