/**
 * The one default API base URL, for the browser client, `verifyMagicLink` and
 * the server helper alike: the vendor SDK's and dashboard's default. A leaf
 * module so the server entry can share it without loading the client.
 */
export const DEFAULT_BASE_URL = 'https://dispatch-tickets-api.onrender.com/v1';
