/** Tag limits as plain data (no zod), shared by the server's checks and the dashboard's editor. */
export const TAG_MAX_LENGTH = 64;
export const TAGS_PER_STREAM_MAX = 32;
