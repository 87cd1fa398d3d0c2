import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";

// The audit trail is a hash chain: each link's hash covers an event and the hash of the link
// before it, so changing, removing or reordering any event breaks every link after it
// (docs/decisions/048-audit-trail-hash-chain-and-restricted-role.md, 057). This module is the one
// definition of what is hashed, used when an event is written, when the chain is checked and by
// the migrations that chained the events recorded before them.
//
// Since decision 057 an event is hashed on its own when it is written (its content hash, with no
// lock), and chained when its transaction commits: the database's seal trigger appends a link
// whose hash is SHA-256 of "audit-v2|<previous link's hash>|<content hash>" (linkHash, below, is
// the same sum in JavaScript, for checking).

/**
 * The advisory lock that makes sealers of the audit trail take turns: each link's hash covers the
 * link before it, so the next sealer must wait until the last one has committed (or rolled back)
 * to know what came before. Taken by the seal trigger at commit, held until the commit is done.
 */
export const AUDIT_CHAIN_LOCK = 4_852_310_147;

/** The previous hash of the first event in the trail. */
export const GENESIS_HASH = "0".repeat(64);

/** Every hash is 64 lower-case hexadecimal digits (SHA-256). */
export const HASH_FORMAT = /^[0-9a-f]{64}$/;

// Named in the hashed text, so that a later way of hashing can be told apart from this one.
const FORMAT_VERSION = "audit-v1";
const CONTENT_FORMAT_VERSION = "audit-v2";

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

/**
 * The first format's hash of an event together with the hash before it (audit-v1), kept only for
 * the migration that introduced the chain (2026120605), which must still run on a new database.
 */
export function eventHash(event: ChainedEvent): string {
  return sha256Hex(canonicalEvent(event));
}

/** An event as it is hashed when written: everything stored about it, nothing about the chain. */
export type EventContent = Omit<ChainedEvent, "prevHash">;

/** The text of an event's content hash: a JSON array, so no value can run into the next. */
export function canonicalContent(event: EventContent): string {
  return `[${[
    JSON.stringify(CONTENT_FORMAT_VERSION),
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

/** An event's content hash (audit_event.content_hash), worked out by the writer without waiting for anyone. */
export function contentHash(event: EventContent): string {
  return sha256Hex(canonicalContent(event));
}

/**
 * A link's hash: the previous link's hash and the event's content hash, as the database's seal
 * trigger works it out (audit_event_seal, migration 2026120701). Both are 64 hex digits, so the
 * text cannot be read two ways.
 */
export function linkHash(prevHash: string, eventContentHash: string): string {
  return sha256Hex(`${CONTENT_FORMAT_VERSION}|${prevHash}|${eventContentHash}`);
}

function sha256Hex(text: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(text)));
}
