import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import { describe, expect, it } from "vitest";
import type { Role } from "../../db/schema";
import { createSession, hashToken, validateSessionToken } from "../../app/auth/session.server";
import type { AuthenticationResponse, RegistrationResponse } from "../../app/domain/passkeys";
import {
  addPasskey,
  CHALLENGE_GONE,
  CONFIRM_FIRST,
  LAST_FACTOR,
  listPasskeys,
  PASSKEY_NOT_ACCEPTED,
  PASSKEY_UNKNOWN,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  relyingParty,
  removePasskey,
  RP_NAME,
  verifyPasskey,
  type PasskeyCaller,
} from "../../app/services/accounts/passkeys.server";
import { useTestDatabase } from "../support/database";
import { refusalOf } from "../support/refusals";

// Passkeys as a second factor, end to end through the service, with a software authenticator
// built here from node:crypto (an ES256 P-256 key, attestation "none"): what a browser and a
// phone or security key would send, so the real WebAuthn checks run on real signatures.

const t = useTestDatabase();

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

/** A phone or security key in software: one credential, its key pair and its use counter. */
class SoftwareAuthenticator {
  readonly credentialId = randomBytes(32);
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  counter: number;

  constructor({ counter = 0 } = {}) {
    const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.counter = counter;
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  private authenticatorData(rpID: string, flags: number, attested?: Uint8Array): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    return Buffer.concat([sha256(rpID), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  /** navigator.credentials.create(), answered. */
  register(
    options: { challenge: string; rp: { id?: string } },
    { origin = relyingParty().origin, challenge = options.challenge } = {},
  ): RegistrationResponse {
    const jwk = this.publicKey.export({ format: "jwk" });
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, "base64url")],
      [-3, Buffer.from(jwk.y!, "base64url")],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, isoCBOR.encode(coseKey)]);
    const authData = this.authenticatorData(
      options.rp.id!,
      FLAG_USER_PRESENT | FLAG_USER_VERIFIED | FLAG_ATTESTED_CREDENTIAL,
      attested,
    );
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]) as never,
    );
    const clientData = JSON.stringify({ type: "webauthn.create", challenge, origin, crossOrigin: false });
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      authenticatorAttachment: "cross-platform",
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(Buffer.from(clientData)),
        attestationObject: b64url(attestationObject),
        transports: ["usb"],
      },
    };
  }

  /** navigator.credentials.get(), answered: the counter moves on first, as a real one's does. */
  assert(
    options: { challenge: string; rpId?: string },
    { origin = relyingParty().origin, challenge = options.challenge, counter = this.counter + 1 } = {},
  ): AuthenticationResponse {
    this.counter = counter;
    const authData = this.authenticatorData(options.rpId!, FLAG_USER_PRESENT | FLAG_USER_VERIFIED);
    const clientData = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge, origin, crossOrigin: false }));
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientData)]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
      },
    };
  }
}

let people = 0;

/** A person with these roles and a session (signed in with their password only, so far). */
async function person(roles: Role[] = []) {
  people += 1;
  const user = await t.db
    .insertInto("app_user")
    .values({ email: `person${people}@example.org`, name: `Person ${people}` })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  for (const role of roles) {
    await t.db
      .insertInto("role_grant")
      .values({ user_id: user.id, role, local_authority_code: null, granted_by: null })
      .execute();
  }
  return { ...user, caller: await signIn(user.id) };
}

async function signIn(userId: number): Promise<PasskeyCaller> {
  const { token } = await createSession(userId, t.db);
  return { actor: { id: userId, ip: "192.0.2.1" }, sessionId: hashToken(token) };
}

/** The same person's session after it was given a new token. */
function withToken(caller: PasskeyCaller, token: string): PasskeyCaller {
  return { ...caller, sessionId: hashToken(token) };
}

/** Adds a passkey made by `device`; returns the session as it is afterwards (a new token). */
async function addWith(caller: PasskeyCaller, device: SoftwareAuthenticator, name?: string) {
  const options = await passkeyRegistrationOptions(caller);
  const added = await addPasskey({ ...caller, response: device.register(options), name });
  return withToken(caller, added.session.token);
}

async function auditActions(userId: number) {
  const rows = await t.db
    .selectFrom("audit_event")
    .select(["action", "details"])
    .where("subject_type", "=", "user")
    .where("subject_id", "=", String(userId))
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ action: row.action, details: row.details as Record<string, unknown> }));
}

async function sessionsOf(userId: number) {
  return t.db.selectFrom("session").select("id").where("user_id", "=", userId).execute();
}

async function refusedWith(call: Promise<unknown>): Promise<{ status: number; message: string }> {
  const response = await refusalOf(call);
  return { status: response.status, message: await response.text() };
}

describe("adding a passkey", () => {
  it("offers the service as relying party at its own address, and the person's passkeys as ones not to make again", async () => {
    const { caller } = await person();
    const first = await passkeyRegistrationOptions(caller);
    expect(first.rp).toEqual({ id: new URL(relyingParty().origin).hostname, name: RP_NAME });
    expect(first.excludeCredentials).toEqual([]);
    expect(first.authenticatorSelection).toMatchObject({ residentKey: "preferred", userVerification: "preferred" });

    const device = new SoftwareAuthenticator();
    const after = await addWith(caller, device);
    const second = await passkeyRegistrationOptions(after);
    expect(second.excludeCredentials).toEqual([{ id: device.id, type: "public-key", transports: ["usb"] }]);
  });

  it("keeps the passkey under the name given, signs the person out elsewhere, counts as the second factor and is audited", async () => {
    const owner = await person(["staff"]);
    const otherDevice = await signIn(owner.id);
    const device = new SoftwareAuthenticator();
    const options = await passkeyRegistrationOptions(owner.caller);
    const { passkey, session } = await addPasskey({
      ...owner.caller,
      response: device.register(options),
      name: "Work laptop",
    });

    expect(passkey).toEqual({ id: device.id, name: "Work laptop" });
    expect(await listPasskeys(owner.caller.actor)).toEqual([
      { id: device.id, name: "Work laptop", createdAt: expect.any(Date), lastUsedAt: null, synced: false },
    ]);
    // Only the new token of this browser's session is left.
    expect(await sessionsOf(owner.id)).toEqual([{ id: hashToken(session.token) }]);
    expect(otherDevice.sessionId).not.toBe(hashToken(session.token));
    const signedIn = await validateSessionToken(session.token);
    expect(signedIn?.secondFactorAt).toBeInstanceOf(Date);
    expect(signedIn?.hasSecondFactor).toBe(true);
    expect(await auditActions(owner.id)).toEqual([
      {
        action: "second_factor.passkey_added",
        details: { credentialId: device.id, synced: false },
      },
      { action: "second_factor.verified", details: { method: "passkey" } },
    ]);
  });

  it("names a passkey from the device when the person gives no name", async () => {
    const { caller } = await person();
    const options = await passkeyRegistrationOptions(caller);
    const { passkey } = await addPasskey({ ...caller, response: new SoftwareAuthenticator().register(options) });
    expect(passkey.name).toBe("Security key or phone");
  });

  it("refuses an answer to another challenge, from another site, or to a challenge already used", async () => {
    const { caller } = await person();
    const device = new SoftwareAuthenticator();

    const options = await passkeyRegistrationOptions(caller);
    const wrongChallenge = device.register(options, { challenge: b64url(randomBytes(32)) });
    expect(await refusedWith(addPasskey({ ...caller, response: wrongChallenge }))).toEqual({
      status: 400,
      message: PASSKEY_NOT_ACCEPTED,
    });
    // The challenge went with the wrong answer: the right one comes too late.
    expect(await refusedWith(addPasskey({ ...caller, response: device.register(options) }))).toEqual({
      status: 400,
      message: CHALLENGE_GONE,
    });

    const again = await passkeyRegistrationOptions(caller);
    const otherSite = device.register(again, { origin: "https://challenge.example.net" });
    expect(await refusedWith(addPasskey({ ...caller, response: otherSite }))).toEqual({
      status: 400,
      message: PASSKEY_NOT_ACCEPTED,
    });
    expect(await listPasskeys(caller.actor)).toEqual([]);
  });

  it("refuses a challenge that has run out", async () => {
    const { caller } = await person();
    const asked = new Date("2026-12-05T10:00:00Z");
    const options = await passkeyRegistrationOptions({ ...caller, now: asked });
    const response = new SoftwareAuthenticator().register(options);
    const late = new Date(asked.getTime() + 6 * 60_000);
    expect(await refusedWith(addPasskey({ ...caller, response, now: late }))).toEqual({
      status: 400,
      message: CHALLENGE_GONE,
    });
  });

  it("asks a session that has only given the password to give the second factor the person already has", async () => {
    const owner = await person();
    await addWith(owner.caller, new SoftwareAuthenticator());
    const passwordOnly = await signIn(owner.id);
    expect(await refusedWith(passkeyRegistrationOptions(passwordOnly))).toEqual({
      status: 403,
      message: CONFIRM_FIRST,
    });
  });
});

describe("using a passkey as the second factor", () => {
  it("confirms the session with a new token, keeps the counter and when it was used, and is audited", async () => {
    const owner = await person(["judge"]);
    const device = new SoftwareAuthenticator();
    await addWith(owner.caller, device);

    const later = await signIn(owner.id);
    const options = await passkeyAuthenticationOptions(later);
    expect(options.rpId).toBe(relyingParty().rpID);
    expect(options.allowCredentials).toEqual([{ id: device.id, type: "public-key", transports: ["usb"] }]);
    const used = new Date();
    const session = await verifyPasskey({ ...later, response: device.assert(options), now: used });

    // The password-only token is useless now; the new one has given the second factor.
    expect(await t.db.selectFrom("session").select("id").where("id", "=", later.sessionId).execute()).toEqual([]);
    expect((await validateSessionToken(session.token))?.secondFactorAt?.getTime()).toBe(used.getTime());
    const stored = await t.db
      .selectFrom("passkey_credential")
      .select(["counter", "last_used_at"])
      .where("id", "=", device.id)
      .executeTakeFirstOrThrow();
    expect({ counter: Number(stored.counter), lastUsed: new Date(stored.last_used_at!).getTime() }).toEqual({
      counter: device.counter,
      lastUsed: used.getTime(),
    });
    expect((await auditActions(owner.id)).at(-1)).toEqual({
      action: "second_factor.verified",
      details: { method: "passkey" },
    });
  });

  it("refuses, audits and uses up the challenge on a wrong challenge, another site or a replayed answer", async () => {
    const owner = await person();
    const device = new SoftwareAuthenticator();
    await addWith(owner.caller, device);
    const caller = await signIn(owner.id);

    const options = await passkeyAuthenticationOptions(caller);
    const wrong = device.assert(options, { challenge: b64url(randomBytes(32)) });
    expect(await refusedWith(verifyPasskey({ ...caller, response: wrong }))).toEqual({
      status: 400,
      message: PASSKEY_NOT_ACCEPTED,
    });
    expect(await refusedWith(verifyPasskey({ ...caller, response: device.assert(options) }))).toEqual({
      status: 400,
      message: CHALLENGE_GONE,
    });

    const again = await passkeyAuthenticationOptions(caller);
    const otherSite = device.assert(again, { origin: "https://challenge.example.net" });
    expect(await refusedWith(verifyPasskey({ ...caller, response: otherSite }))).toEqual({
      status: 400,
      message: PASSKEY_NOT_ACCEPTED,
    });

    const third = await passkeyAuthenticationOptions(caller);
    const answer = device.assert(third);
    const session = await verifyPasskey({ ...caller, response: answer });
    const replay = await refusedWith(verifyPasskey({ ...withToken(caller, session.token), response: answer }));
    expect(replay).toEqual({ status: 400, message: CHALLENGE_GONE });

    const failures = (await auditActions(owner.id)).filter((event) => event.action === "second_factor.failed");
    expect(failures.map((event) => event.details)).toEqual([
      { method: "passkey", reason: "not_verified", credentialId: device.id },
      { method: "passkey", reason: "challenge_gone", credentialId: device.id },
      { method: "passkey", reason: "not_verified", credentialId: device.id },
      { method: "passkey", reason: "challenge_gone", credentialId: device.id },
    ]);
  });

  it("refuses a challenge that has run out", async () => {
    const owner = await person();
    const device = new SoftwareAuthenticator();
    await addWith(owner.caller, device);
    const caller = await signIn(owner.id);
    const asked = new Date(Date.now() - 10 * 60_000);
    const options = await passkeyAuthenticationOptions({ ...caller, now: asked });
    expect(await refusedWith(verifyPasskey({ ...caller, response: device.assert(options) }))).toEqual({
      status: 400,
      message: CHALLENGE_GONE,
    });
  });

  it("refuses another person's passkey as if it did not exist", async () => {
    const owner = await person();
    await addWith(owner.caller, new SoftwareAuthenticator());
    const stranger = await person();
    const strangersDevice = new SoftwareAuthenticator();
    await addWith(stranger.caller, strangersDevice);

    const caller = await signIn(owner.id);
    const options = await passkeyAuthenticationOptions(caller);
    expect(await refusedWith(verifyPasskey({ ...caller, response: strangersDevice.assert(options) }))).toEqual({
      status: 400,
      message: PASSKEY_UNKNOWN,
    });
  });

  it("refuses a passkey whose counter has gone backwards (a copied key)", async () => {
    const owner = await person();
    const device = new SoftwareAuthenticator({ counter: 10 });
    await addWith(owner.caller, device);
    const caller = await signIn(owner.id);

    const options = await passkeyAuthenticationOptions(caller);
    const session = await verifyPasskey({ ...caller, response: device.assert(options) });
    const next = withToken(caller, session.token);
    const again = await passkeyAuthenticationOptions(next);
    const copy = device.assert(again, { counter: 5 });
    expect(await refusedWith(verifyPasskey({ ...next, response: copy }))).toEqual({
      status: 400,
      message: PASSKEY_NOT_ACCEPTED,
    });
  });

  it("tells someone with no passkey to confirm it is them another way", async () => {
    const { caller } = await person();
    const refused = await refusedWith(passkeyAuthenticationOptions(caller));
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/You have not added a passkey/);
  });
});

describe("removing a passkey", () => {
  it("removes it, signs the person out elsewhere and is audited", async () => {
    const owner = await person();
    const device = new SoftwareAuthenticator();
    const caller = await addWith(owner.caller, device, "Old phone");
    await signIn(owner.id);

    expect(await removePasskey({ ...caller, id: device.id })).toEqual({ name: "Old phone" });
    expect(await listPasskeys(caller.actor)).toEqual([]);
    expect(await sessionsOf(owner.id)).toEqual([{ id: caller.sessionId }]);
    expect((await auditActions(owner.id)).at(-1)).toEqual({
      action: "second_factor.passkey_removed",
      details: { credentialId: device.id },
    });
  });

  it("does not know another person's passkey", async () => {
    const owner = await person();
    const caller = await addWith(owner.caller, new SoftwareAuthenticator());
    const stranger = await person();
    const strangersDevice = new SoftwareAuthenticator();
    await addWith(stranger.caller, strangersDevice);

    expect((await refusalOf(removePasskey({ ...caller, id: strangersDevice.id }))).status).toBe(404);
    expect(await listPasskeys(stranger.caller.actor)).toHaveLength(1);
  });

  it("refuses to remove a privileged person's last second factor, until they have another", async () => {
    const staff = await person(["staff"]);
    const first = new SoftwareAuthenticator();
    let caller = await addWith(staff.caller, first);
    expect(await refusedWith(removePasskey({ ...caller, id: first.id }))).toEqual({
      status: 403,
      message: LAST_FACTOR,
    });

    // Another passkey will do...
    const second = new SoftwareAuthenticator();
    caller = await addWith(caller, second);
    await removePasskey({ ...caller, id: first.id });
    expect(await refusedWith(removePasskey({ ...caller, id: second.id }))).toEqual({
      status: 403,
      message: LAST_FACTOR,
    });

    // ...and so will an authenticator app.
    await t.db
      .insertInto("totp_credential")
      .values({ user_id: staff.id, key: randomBytes(20), confirmed_at: new Date() })
      .execute();
    await removePasskey({ ...caller, id: second.id });
    expect(await listPasskeys(caller.actor)).toEqual([]);
  });

  it("lets someone without a role remove their only passkey", async () => {
    const entrant = await person(["entrant"]);
    const device = new SoftwareAuthenticator();
    const caller = await addWith(entrant.caller, device);
    await removePasskey({ ...caller, id: device.id });
    expect(await listPasskeys(caller.actor)).toEqual([]);
  });

  it("asks a session that has only given the password to give the second factor first", async () => {
    const owner = await person();
    const device = new SoftwareAuthenticator();
    await addWith(owner.caller, device);
    const passwordOnly = await signIn(owner.id);
    expect(await refusedWith(removePasskey({ ...passwordOnly, id: device.id }))).toEqual({
      status: 403,
      message: CONFIRM_FIRST,
    });
  });
});
