import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";

// The audit trail is a hash chain: each event's hash covers the event and the hash of the event
// before it, so changing, removing or reordering any event breaks every link after it
// (docs/decisions/048-audit-trail-hash-chain-and-restricted-role.md). This module is the one
// definition of what is hashed, used when an event is written, when the chain is checked and by
// the migration that chained the events recorded before it.

/** The previous hash of the first event in the trail. */
export const GENESIS_HASH = "0".repeat(64);

/** Every hash is 64 lower-case hexadecimal digits (SHA-256). */
export const HASH_FORMAT = /^[0-9a-f]{64}$/;

// Named in the hashed text, so that a later way of hashing can be told apart from this one.
const FORMAT_VERSION = "audit-v1";

/** An event as the chain sees it: the stored values, read back the same way however they were written. */
export interface ChainedEvent {
  prevHash: string;
  /** The event's id, as decimal digits (the column is a bigint). */
  id: string;
  /** When it happened, in UTC to the microsecond as stored: "2026-12-05T19:27:14.123456Z". */
  occurredAt: string;
  actorUserId: number | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  details: unknown;
}

/**
 * The JSON text of a value with every object's keys in sorted order, so that the same details give
 * the same text whatever order they were written in (a jsonb column keeps its own key order, not
 * the writer's). Values are first put through JSON itself, as they are when stored: a Date becomes
 * its ISO text, undefined properties disappear.
 */
export function canonicalJson(value: unknown): string {
  const plain: unknown = value === undefined ? null : JSON.parse(JSON.stringify(value));
  return sortedJson(plain);
}

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    // Sorted by UTF-16 code units, the default sort: the same on every machine.
    const keys = Object.keys(record).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${sortedJson(record[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The text that is hashed: a JSON array, so no value can run into the next. */
export function canonicalEvent(event: ChainedEvent): string {
  return `[${[
    JSON.stringify(FORMAT_VERSION),
    JSON.stringify(event.prevHash),
    JSON.stringify(event.id),
    JSON.stringify(event.occurredAt),
    JSON.stringify(event.actorUserId),
    JSON.stringify(event.action),
    JSON.stringify(event.subjectType),
    JSON.stringify(event.subjectId),
    JSON.stringify(event.ip),
    canonicalJson(event.details),
  ].join(",")}]`;
}

/** The event's hash: SHA-256 of its canonical text, as 64 hexadecimal digits. */
export function eventHash(event: ChainedEvent): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(canonicalEvent(event))));
}
