-- A conversation part's hash of its file's start is no longer only SHA-256 (32 bytes): new parts carry CRC-32C and
-- CRC-32 side by side (8 bytes), which cost a C1-compiled JVM a hundredth as much (see FileHash). Stored parts keep
-- their SHA-256, which Baton still checks; the length tells the two apart.
alter table session_conversation_parts rename column end_sha256 to end_hash;
