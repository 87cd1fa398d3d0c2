// An email address as the emails about a change of address show it: enough for its owner to
// recognise it, not enough for anyone else who reads the old mailbox to write to it.

/** "priya.chauhan@example.org" → "p•••@example.org". */
export function maskEmailAddress(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "•••";
  return `${address.charAt(0)}•••${address.slice(at)}`;
}
