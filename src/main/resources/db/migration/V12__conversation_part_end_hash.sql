-- A conversation part's hash of its file's start is no longer only SHA-256 (32 bytes): new parts carry CRC-32C and
-- CRC-32 side by side (8 bytes), which cost a C1-compiled JVM a hundredth as much (see FileHash); the length tells
-- the two apart. The column keeps its name so that a node still running the code before this goes on saving while
-- the cluster is upgraded: it finds no SHA-256 at the start of a file saved since, and stores that file whole. (It
-- refuses to restore such a file, so that turn fails; nothing stored is lost.)
comment on column session_conversation_parts.end_sha256 is
    'FileHash of the file up to the end of this part: SHA-256 (32 bytes) or CRC-32C then CRC-32 (8 bytes)';
