import { expect, type APIRequestContext } from "@playwright/test";
import type { Scenario } from "../../../app/dev-tools/test-scenarios.server";
import { AFTER_DEMO_CHALLENGE } from "../support/clock";
import { send, type Persona } from "./run";

// The people the hostile-input test acts as, each with something of their own to edit, made
// through the test hooks (no registration or sign-in, so changes to those journeys do not
// matter here). Each gets a session cookie on a request context of its own.

async function hook<T>(request: APIRequestContext, path: string, data: object): Promise<T> {
  const response = await request.post(path, { data });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(201);
  return (await response.json()) as T;
}

interface HookUser {
  user: { id: number; email: string; totpKey?: string };
  session: { cookieName: string; token: string };
}

async function signedIn(hooks: APIRequestContext, data: object) {
  const { user, session } = await hook<HookUser>(hooks, "/test-hooks/users", { session: true, ...data });
  return {
    user,
    totpKey: user.totpKey,
    cookie: { name: session.cookieName, value: session.token },
    headers: { Cookie: `${session.cookieName}=${session.token}` },
  };
}

export async function makePersonas(hooks: APIRequestContext, baseURL: string): Promise<Persona[]> {
  // A finished challenge with a published award (the award, payment and support pages) and one
  // with an open judging round.
  const awarded = await hook<Scenario>(hooks, "/test-hooks/scenarios", { entries: 3 });
  const winner = awarded.entries[0]!;
  await hook(hooks, "/test-hooks/support", {
    challengeId: awarded.challengeId,
    publish: true,
    awards: [{ entryId: winner.id, tier: "top3", paymentStatus: "accepted" }],
  });
  const judged = await hook<Scenario>(hooks, "/test-hooks/scenarios", { entries: 3 });

  // The entrant is a member of the winning organisation, with a draft entry in the open challenge.
  // The open challenge is the demo's, open now (the walk's app is its own: the "lifecycle" journey
  // never closes it there), or, once real time passes its closing date, still open by the test
  // clock set after it: the entrant carries whichever clock lets them start a draft, on every
  // request.
  const entrant = await signedIn(hooks, { role: "entrant", organisationId: winner.organisationId });
  let draft;
  let entrantClock: string | undefined;
  for (const clock of [null, AFTER_DEMO_CHALLENGE]) {
    if (clock) {
      entrant.headers.Cookie += `; cric_test_now=${clock}`;
      entrantClock = clock;
    }
    draft = await send(
      { name: "entrant", headers: entrant.headers, start: [] },
      "/entries/new",
      baseURL,
      "title=Hostile+input+draft",
    );
    if (draft.status === 302) break;
  }
  expect(draft?.status, "the entrant should be able to start a draft entry in the open challenge").toBe(302);

  // The judge has confirmed their declaration, so the round's review forms are open to them.
  const judge = await signedIn(hooks, { role: "judge" });
  await hook(hooks, "/test-hooks/judging", { challengeId: judged.challengeId, judgeUserIds: [judge.user.id] });
  const declared = await send(
    { name: "judge", headers: judge.headers, start: [] },
    `/judging/conflicts/${judged.challengeId}`,
    baseURL,
    "confirm=yes",
  );
  expect(declared.status, "the judge's declaration should be confirmed").toBeLessThan(400);

  const officer = await signedIn(hooks, { role: "council_officer", localAuthorityCode: winner.localAuthorityCode });
  const staff = await signedIn(hooks, { role: "staff" });

  return [
    { name: "anonymous", headers: {}, start: ["/", "/register", "/sign-in", "/forgot-password", "/eligibility"] },
    {
      name: "entrant",
      headers: entrant.headers,
      cookie: entrant.cookie,
      clock: entrantClock,
      start: ["/", "/entries", "/organisation", "/awards", "/account"],
    },
    {
      name: "judge",
      headers: judge.headers,
      cookie: judge.cookie,
      totpKey: judge.totpKey,
      start: ["/", "/judging", "/judging/affiliations", "/account"],
    },
    {
      name: "council officer",
      headers: officer.headers,
      cookie: officer.cookie,
      totpKey: officer.totpKey,
      start: ["/", "/councils", "/councils/ideas", "/account"],
    },
    // Staff last: their forms can change the challenge everyone else's pages depend on.
    {
      name: "staff",
      headers: staff.headers,
      cookie: staff.cookie,
      totpKey: staff.totpKey,
      start: ["/", "/staff", "/account"],
    },
  ];
}
