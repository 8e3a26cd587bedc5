/** The longest label an invitation may carry (without zod, for the dashboard). */
export const INVITE_LABEL_MAX = 80;
