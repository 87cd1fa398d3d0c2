import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The Content-Security-Policy nonce for this response's inline scripts. */
    nonce: string;
    requestId: string;
    ip: string;
    /**
     * Whether the connection itself comes from this machine (its socket's peer address, not any
     * forwarded header). Only the local mailbox asks.
     */
    peerIsLoopback: boolean;
    /** Set-Cookie headers that entry.server adds to the response (session refresh). */
    setCookies: string[];
  }
  interface Future {
    v3_singleFetch: true;
  }
}
