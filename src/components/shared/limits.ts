/** The portal API's limits (the mock enforces the same): a ticket title, and any body (description or reply). */
export const SUBJECT_MAX_LENGTH = 200;
export const BODY_MAX_LENGTH = 20_000;
