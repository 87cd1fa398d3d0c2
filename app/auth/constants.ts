/** How long a session lasts without use (days). Shared by the session code and the cookies page. */
export const SESSION_DAYS = 30;
