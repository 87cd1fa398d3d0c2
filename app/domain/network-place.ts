// Roughly where a session was opened, from its network address. The service has no location
// database (it runs offline, and a lookup would send people's addresses elsewhere), so the page
// says what the address itself tells: this computer, a private network, or the address with its
// last part hidden ("81.2.69.x"): enough for a person to recognise their home or office, too
// little to single out their connection.

export const UNKNOWN_PLACE = "Unknown";
export const THIS_COMPUTER = "This computer";
export const PRIVATE_NETWORK = "A private network";

function ipv4Parts(address: string): number[] | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!match) return null;
  const parts = match.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

/** The eight 16-bit groups of an IPv6 address, or null if it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (!/^[0-9a-f:]+$/i.test(address) || address.split("::").length > 2) return null;
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const parse = (part: string | undefined) => (part ? part.split(":") : []);
  const left = parse(head);
  const right = parse(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(missing).fill("0"), ...right];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

function describeIpv4([a, b, c]: number[]): string {
  if (a === 127) return THIS_COMPUTER;
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) {
    return PRIVATE_NETWORK;
  }
  return `${a}.${b}.${c}.x`;
}

/**
 * "This computer", "A private network", "81.2.69.x", "2001:db8:85a3:x:x:x:x:x" (the first three
 * groups of an IPv6 address), or "Unknown" when the address is missing or not an address.
 */
export function describePlace(address: string | null | undefined): string {
  if (!address) return UNKNOWN_PLACE;
  const trimmed = address.trim();
  const v4 = ipv4Parts(trimmed);
  if (v4) return describeIpv4(v4);
  // An IPv4 address as IPv6 writes it (::ffff:81.2.69.1), as Node gives it on a dual-stack socket.
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  if (mapped) {
    const parts = ipv4Parts(mapped[1]!);
    return parts ? describeIpv4(parts) : UNKNOWN_PLACE;
  }
  const v6 = ipv6Groups(trimmed.replace(/%.*$/, ""));
  if (!v6) return UNKNOWN_PLACE;
  if (v6.slice(0, 7).every((g) => g === 0) && v6[7] === 1) return THIS_COMPUTER;
  // Unique local (fc00::/7) and link-local (fe80::/10) addresses never leave a private network.
  if ((v6[0]! & 0xfe00) === 0xfc00 || (v6[0]! & 0xffc0) === 0xfe80) return PRIVATE_NETWORK;
  return `${v6
    .slice(0, 3)
    .map((g) => g.toString(16))
    .join(":")}:x:x:x:x:x`;
}
