import { BlockList } from "node:net";
import type { Request } from "express";

// The local mailbox (/dev/mail) holds every sign-in, reset and invitation link the demo "sent", so
// it answers only the person at this machine. Whether a client is on this machine is judged by the
// connection's own peer address, never by X-Forwarded-For or any other header (anyone can send
// those, and TRUST_PROXY makes req.ip follow them). Behind a reverse proxy on the same machine
// every visitor looks local, which is why the mailbox exists in demo mode only. The request
// pipeline puts the answer in the load context (`peerIsLoopback`), and the mailbox's routes are
// made to check it where they are gated (dev-tool-routes.server.ts).

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/** 127.0.0.0/8 and ::1, including IPv4-mapped IPv6 (::ffff:127.0.0.1) as Node reports them. */
export function isLoopbackAddress(address: string | undefined | null): boolean {
  if (!address) return false;
  try {
    return loopback.check(address, address.includes(":") ? "ipv6" : "ipv4");
  } catch {
    return false;
  }
}

/** The address of the connection itself, as the operating system reports it. */
export function peerIsLoopback(req: Request): boolean {
  return isLoopbackAddress(req.socket.remoteAddress);
}
