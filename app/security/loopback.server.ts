import { BlockList } from "node:net";
import type { NextFunction, Request, Response } from "express";

// The local mailbox (/dev/mail) holds every sign-in, reset and invitation link the demo "sent", so
// it answers only the person at this machine. Whether a client is on this machine is judged by the
// connection's own peer address, never by X-Forwarded-For or any other header (anyone can send
// those, and TRUST_PROXY makes req.ip follow them). Behind a reverse proxy on the same machine
// every visitor looks local, which is why the mailbox exists in demo mode only.

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

/**
 * Paths under /dev (the local mailbox, its .json and Remix's .data requests), however they are
 * spelled: Remix matches routes case-insensitively and after decoding, so this does too.
 */
export function isDevPath(rawPath: string): boolean {
  let decoded = rawPath;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    // Malformed escapes: judge the path as written.
  }
  const path = decoded.toLowerCase().replace(/[/\\]+/g, "/");
  return path === "/dev" || path.startsWith("/dev/") || path.startsWith("/dev.");
}

/**
 * The first of two checks (the mailbox routes check the load context's `peerIsLoopback` again):
 * /dev/* does not exist for a client that is not on this machine.
 */
export function devPathsForLoopbackOnly(req: Request, res: Response, next: NextFunction) {
  if (!isDevPath(req.path) || peerIsLoopback(req)) return next();
  res.status(404).type("text/plain").send("Not found");
}
