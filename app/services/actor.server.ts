// Who is asking: the one shape every service takes for the person on whose behalf it acts. Routes
// build it from the signed-in user (`actorFrom` in app/auth/guards.server.ts); services never trust
// anything else about the person from the route: roles, councils and ownership are read from the
// database, inside the transaction of the change, because they can change between two requests.

export interface Actor {
  /** The person's user id. */
  id: number;
  /** The address the request came from, for the audit trail. */
  ip?: string | null;
}
