/**
 * Sign-up limits as plain data (no zod), so the dashboard's hints and checks name the same numbers
 * the server enforces. contract/common.ts and contract/organisation.ts hold the schemas; the setup
 * tests check that both agree.
 */
export const ORG_NAME_MAX = 100;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
export const EMAIL_MAX_LENGTH = 254;
