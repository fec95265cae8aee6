-- Each ask for a turn slot looks only at the held slots (see dev.baton.usage.FairShare); this index finds them
-- without reading the waiting rows, of which a burst may leave thousands.
create index turn_slots_granted on turn_slots (user_id) where granted_at is not null;
