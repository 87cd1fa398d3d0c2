import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import {
  canonicalContent,
  canonicalEvent,
  canonicalJson,
  contentHash,
  eventHash,
  GENESIS_HASH,
  HASH_FORMAT,
  linkHash,
} from "../../app/domain/audit-chain";

const event = {
  prevHash: GENESIS_HASH,
  id: "42",
  occurredAt: "2026-12-05T19:27:14.123456Z",
  actorUserId: 7,
  action: "role_granted",
  subjectType: "user",
  subjectId: "9",
  ip: "203.0.113.7",
  details: { role: "judge", localAuthorityCode: null },
};

describe("canonical JSON of an event's details", () => {
  it("is the same whatever order the keys were written in, at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { e: 2, f: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}');
  });

  it("keeps the order of lists, which is meaningful", () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it("is what JSON stores: dates as text, undefined properties left out", () => {
    expect(canonicalJson({ at: new Date("2026-12-05T10:00:00Z"), gone: undefined })).toBe(
      '{"at":"2026-12-05T10:00:00.000Z"}',
    );
    expect(canonicalJson(undefined)).toBe("null");
  });

  it("escapes text as JSON does, so quotes and line breaks cannot pass for structure", () => {
    expect(canonicalJson({ 'a":1,"b': 'x"\n' })).toBe('{"a\\":1,\\"b":"x\\"\\n"}');
  });
});

describe("an event's hash in the first format (kept for the migration that introduced the chain)", () => {
  it("is 64 hexadecimal digits, the same every time", () => {
    expect(eventHash(event)).toMatch(HASH_FORMAT);
    expect(eventHash({ ...event, details: { localAuthorityCode: null, role: "judge" } })).toBe(eventHash(event));
  });

  it("changes with every field, the previous hash and the id included", () => {
    const changed = [
      { prevHash: "f".repeat(64) },
      { id: "43" },
      { occurredAt: "2026-12-05T19:27:14.123457Z" },
      { actorUserId: null },
      { action: "role_revoked" },
      { subjectType: "invitation" },
      { subjectId: "10" },
      { ip: null },
      { details: { role: "staff", localAuthorityCode: null } },
    ];
    const hashes = new Set([eventHash(event), ...changed.map((change) => eventHash({ ...event, ...change }))]);
    expect(hashes.size).toBe(changed.length + 1);
  });

  it("cannot be matched by moving text from one field to the next", () => {
    // Joined with a separator these two would read the same; as a JSON array they do not.
    const one = { ...event, subjectType: "user|9", subjectId: null };
    const two = { ...event, subjectType: "user", subjectId: "9" };
    expect(canonicalEvent(one)).not.toBe(canonicalEvent(two));
    // Null and the text "null" are different values.
    expect(eventHash({ ...event, ip: "null" })).not.toBe(eventHash({ ...event, ip: null }));
  });

  it("names the way it was hashed, so a later way can be told apart", () => {
    expect(canonicalEvent(event)).toBe(
      '["audit-v1","' +
        GENESIS_HASH +
        '","42","2026-12-05T19:27:14.123456Z",7,"role_granted","user","9","203.0.113.7",' +
        '{"localAuthorityCode":null,"role":"judge"}]',
    );
  });
});

describe("an event's content hash and its link in the chain", () => {
  const { prevHash: _prevHash, ...content } = event;

  it("hashes everything stored about the event, and nothing about the chain", () => {
    expect(contentHash(content)).toMatch(HASH_FORMAT);
    expect(canonicalContent(content)).toBe(
      '["audit-v2","42","2026-12-05T19:27:14.123456Z",7,"role_granted","user","9","203.0.113.7",' +
        '{"localAuthorityCode":null,"role":"judge"}]',
    );
    const changed = [
      { id: "43" },
      { occurredAt: "2026-12-05T19:27:14.123457Z" },
      { actorUserId: null },
      { action: "role_revoked" },
      { subjectType: "invitation" },
      { subjectId: "10" },
      { ip: null },
      { details: { role: "staff", localAuthorityCode: null } },
    ];
    const hashes = new Set([contentHash(content), ...changed.map((change) => contentHash({ ...content, ...change }))]);
    expect(hashes.size).toBe(changed.length + 1);
  });

  it("links as the database's seal trigger does: SHA-256 of the tag, the previous hash and the content hash", () => {
    const eventContent = contentHash(content);
    // Worked out independently, as the trigger's SQL does it.
    const expected = createHash("sha256").update(`audit-v2|${GENESIS_HASH}|${eventContent}`, "utf8").digest("hex");
    expect(linkHash(GENESIS_HASH, eventContent)).toBe(expected);
    expect(linkHash("f".repeat(64), eventContent)).not.toBe(expected);
  });
});
