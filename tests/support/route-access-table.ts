import type { RouteFixtures } from "./route-access-fixtures";

// Who may do what, declared once for every route file: tests/integration/route-access.test.ts
// walks every file in app/routes/ (and the dev-tool routes) as each persona, GETs the page and,
// if the route has an action, POSTs an empty form to it, and compares what happens with the row
// here. A route with no row fails,
// and so does a row with no route.
//
// Adding a row: the key is the route's file name without ".tsx"; give the params its path needs
// (from the fixtures, tests/support/route-access-fixtures.ts), what GET does for each persona and,
// if the route has an action, what an empty POST does. Most rows are one line:
//
//   "staff.widgets": { get: staffOnly(), post: staffOnly("invalid") },
//
// A route without an action has no `post` (the walk fails a row that gives one, or that lacks
// one for a route with an action). When an empty form would be refused before the route even
// asks who you are, give `form`: the least that gets past the form check, so the row shows who
// the service lets in.

export const PERSONAS = [
  "anonymous",
  "entrantA",
  "entrantB",
  "winner",
  "judge",
  "conflictedJudge",
  "councilOfficer",
  "staff",
] as const;
export type Persona = (typeof PERSONAS)[number];

/**
 * What a request came to:
 * - ok: 2xx, the page (or file) itself;
 * - redirect: a 3xx to somewhere other than signing in (a form's success, or "go here first");
 * - sign-in: a 3xx to /sign-in, or 401 from a call the browser's script makes;
 * - forbidden: 403;
 * - not-found: 404;
 * - invalid: 400, 409 or 422: let in, and the empty form refused (so this counts as allowed);
 * - gone: 410;
 * - no-action: 405, a POST to a page without a form;
 * - too-many: 429.
 */
export type Outcome =
  "ok" | "redirect" | "sign-in" | "forbidden" | "not-found" | "invalid" | "gone" | "no-action" | "too-many";

export type Expected = Record<Persona, Outcome>;
type Overrides = Partial<Expected>;

export interface RouteCase {
  /** What this case is about, when a route has more than one. */
  label?: string;
  /** The path's params; a function of the persona when the address differs by who asks. */
  params?: (f: RouteFixtures, persona: Persona) => Record<string, string | number>;
  /** A query string to add, without the "?". */
  search?: (f: RouteFixtures) => string;
  /** The form POSTed (default: empty); a function of the fixtures when it names a row. */
  form?: Record<string, string> | ((f: RouteFixtures) => Record<string, string>);
  get: Expected;
  /** What POSTing `form` does: required when the route has an action, and only then. */
  post?: Expected;
}

export type RouteRow = RouteCase | RouteCase[];

// --- who is let in -------------------------------------------------------------------------

/** Every persona, signed in or not, gets `outcome`. */
export function everyone(outcome: Outcome = "ok", overrides: Overrides = {}): Expected {
  return { ...Object.fromEntries(PERSONAS.map((p) => [p, outcome])), ...overrides } as Expected;
}

/** Anyone signed in gets `outcome`; a visitor is sent to sign in. */
export function signedIn(outcome: Outcome = "ok", overrides: Overrides = {}): Expected {
  return everyone(outcome, { anonymous: "sign-in", ...overrides });
}

/** The personas named get `outcome`, other people signed in `others`, a visitor is sent to sign in. */
export function only(personas: readonly Persona[], outcome: Outcome = "ok", others: Outcome = "forbidden") {
  return (overrides: Overrides = {}): Expected =>
    signedIn(others, { ...Object.fromEntries(personas.map((p) => [p, outcome])), ...overrides });
}

const ENTRANTS = ["entrantA", "entrantB", "winner"] as const;
const JUDGES = ["judge", "conflictedJudge"] as const;

export const staffOnly = (outcome: Outcome = "ok", overrides: Overrides = {}) => only(["staff"], outcome)(overrides);
export const judgesOnly = (outcome: Outcome = "ok", overrides: Overrides = {}) => only(JUDGES, outcome)(overrides);
export const officersOnly = (outcome: Outcome = "ok", overrides: Overrides = {}) =>
  only(["councilOfficer"], outcome)(overrides);
export const entrantsOnly = (outcome: Outcome = "ok", overrides: Overrides = {}) => only(ENTRANTS, outcome)(overrides);

/** A page about one entrant's own things: they get `outcome`, everyone else signed in finds nothing. */
export const ownerOnly = (owner: Persona, outcome: Outcome = "ok", overrides: Overrides = {}) =>
  only([owner], outcome, "not-found")(overrides);

// --- the addresses, from the fixtures --------------------------------------------------------

/** A token of the right shape that was never issued. */
const NO_SUCH_TOKEN = "a".repeat(32);
const openChallenge = (f: RouteFixtures) => ({ id: f.open.challengeId });
const judgingChallenge = (f: RouteFixtures) => ({ challengeId: f.judging.challengeId });
const round1 = (f: RouteFixtures) => ({ challengeId: f.judging.challengeId, number: 1 });
const previousChallenge = (f: RouteFixtures) => ({ challengeId: f.previous.challengeId });
const supportAward = (f: RouteFixtures) => ({ awardId: f.previous.supportAwardId });
const entryA = (f: RouteFixtures) => ({ ref: f.judging.entryARef });
const dataRequest = (f: RouteFixtures) => ({ id: f.dataRequestId });
/** A council's interest in an idea, from a page seen before someone else changed it. */
const STALE_INTEREST = { status: "interested", version: "999" };

/** The table. Keys: route file names without ".tsx", as in app/routes/. */
export const ROUTE_ACCESS: Record<string, RouteRow> = {
  // Public pages.
  $: { get: everyone("not-found") },
  _index: { get: everyone() },
  accessibility: { get: everyone() },
  cookies: { get: everyone() },
  privacy: { get: everyone() },
  eligibility: { get: everyone() },
  "challenge.qr[.]png": { get: everyone() },
  "challenge.qr[.]svg": { get: everyone() },
  "winners._index": { get: everyone() },
  "winners.$slug": { params: (f) => ({ slug: f.previous.slug }), get: everyone() },

  // Signing in and out, accounts, links sent by email.
  "sign-in": { get: everyone(), post: everyone("invalid") },
  "sign-out": { get: everyone(), post: everyone("redirect") },
  register: { get: everyone(), post: everyone("invalid") },
  "forgot-password": { get: everyone(), post: everyone("invalid") },
  // The form is checked before the link: an empty one is refused whatever the link.
  "reset-password.$token": {
    params: () => ({ token: NO_SUCH_TOKEN }),
    get: everyone("not-found"),
    post: everyone("invalid"),
  },
  "setup.$token": { params: () => ({ token: NO_SUCH_TOKEN }), get: everyone("not-found"), post: everyone("invalid") },
  "verify-email.$token": {
    params: () => ({ token: NO_SUCH_TOKEN }),
    get: everyone("not-found"),
    post: everyone("not-found"),
  },
  // Sends the link again (everyone here has confirmed their address already, so nothing is sent).
  "verify-email._index": { get: signedIn(), post: signedIn() },
  // Both invitations are to addresses none of the personas holds: anyone may read the invitation,
  // and a signed-in person who is not its addressee cannot accept it.
  "invitations.$token": {
    params: (f) => ({ token: f.staffInvitationToken }),
    get: everyone(),
    post: everyone("forbidden", { anonymous: "invalid" }),
  },
  "organisation.join.$token": {
    params: (f) => ({ token: f.organisationInvitationToken }),
    get: everyone(),
    post: signedIn("forbidden"),
  },
  "account._index": { get: signedIn() },
  // The second step is only for a session that has given the password and not yet its second
  // factor: everyone here has given it (privileged) or has none (entrants), so is sent on.
  "sign-in_.second-step": { get: signedIn("redirect"), post: signedIn("redirect") },
  // Anyone signed in may give their second factor again; an empty form is refused.
  // People without a second factor (the entrants here) are sent to set one up first.
  "account.confirm-identity": {
    get: signedIn("ok", { entrantA: "redirect", entrantB: "redirect", winner: "redirect" }),
    post: signedIn("invalid", { entrantA: "redirect", entrantB: "redirect", winner: "redirect" }),
  },
  "account.sessions": [
    { get: signedIn(), post: signedIn("invalid") },
    {
      label: "ending another person's session",
      form: (f) => ({ intent: "end", sessionId: f.otherSessionId }),
      get: signedIn(),
      post: signedIn("not-found"),
    },
  ],
  // Changing one's factors needs a recent second factor: the entrants have none, so are sent to
  // set one up; the privileged personas gave theirs just now, and their empty form is refused.
  "account.two-factor._index": {
    get: signedIn(),
    post: signedIn("invalid", { entrantA: "redirect", entrantB: "redirect", winner: "redirect" }),
  },
  "account.two-factor.authenticator": { get: signedIn(), post: signedIn("invalid") },
  // The passkey pages: the browser's JSON calls answer GET with 405, and a signed-out caller with 401.
  "account.passkeys": { get: signedIn(), post: signedIn("invalid") },
  "account.passkeys_.options": { get: everyone("no-action"), post: signedIn() },
  "sign-in_.passkey": { get: everyone("no-action"), post: signedIn("invalid") },
  "account.password": { get: signedIn(), post: signedIn("invalid") },
  // Everyone's own data (decision 052); the privileged personas gave their second factor just now.
  "account.your-data": { get: signedIn() },
  "account.your-data[.]json": { get: signedIn() },
  // A file: its entry's organisation and staff; anyone else finds nothing there.
  "attachments.$attachmentId": {
    params: (f) => ({ attachmentId: f.entryAttachmentId }),
    get: only(["entrantA", "staff"], "ok", "not-found")(),
  },
  "account.name": { get: signedIn(), post: signedIn("invalid") },
  // The privileged personas gave their second factor just now, so reach the form as entrants do.
  "account.email": { get: signedIn(), post: signedIn("invalid") },
  // The link is the permission, signed in or not; one never issued is not found.
  "account.email_.confirm.$token": {
    params: () => ({ token: NO_SUCH_TOKEN }),
    get: everyone("not-found"),
    post: everyone("not-found"),
  },
  // Deleting one's own account: a wrong (here empty) password is refused; the entrants have no
  // second factor, the privileged personas gave theirs just now. Nobody here is erased.
  "account.erase": { get: signedIn(), post: signedIn("invalid") },
  "account.erased": { get: everyone() },

  // Entrants: their organisation and entries.
  "organisation._index": { get: entrantsOnly(), post: entrantsOnly("invalid") },
  "organisation.edit": { get: entrantsOnly(), post: entrantsOnly("invalid") },
  "organisation.invite": { get: entrantsOnly(), post: entrantsOnly("invalid") },
  // Every entrant here has an organisation already, so is sent to it.
  "organisation.new": { get: entrantsOnly("redirect"), post: entrantsOnly("redirect") },
  "entries._index": { get: signedIn() },
  "entries.new": { get: signedIn(), post: signedIn("invalid") },
  "entries.$ref._index": {
    params: (f) => ({ ref: f.judging.entryARef }),
    // Sharing a shared idea again: nothing changes for the owner, who is sent back to the page.
    form: { consent: "share", given: "yes" },
    get: ownerOnly("entrantA"),
    post: ownerOnly("entrantA", "redirect"),
  },
  "entries.$ref.$section": {
    params: (f) => ({ ref: f.open.draftRef, section: "idea" }),
    // A complete section without the version the page gives: the owner is asked to reload.
    form: { title: "A better title", summary: "What it is.", completed: "yes" },
    get: ownerOnly("entrantA"),
    post: ownerOnly("entrantA", "invalid"),
  },
  "entries.$ref.check": {
    params: (f) => ({ ref: f.open.draftRef }),
    get: ownerOnly("entrantA"),
    post: ownerOnly("entrantA", "invalid"),
  },
  "entries.$ref.confirmation": { params: (f) => ({ ref: f.judging.entryARef }), get: ownerOnly("entrantA") },
  "entries.$ref.withdraw": {
    params: (f) => ({ ref: f.judging.entryARef }),
    get: ownerOnly("entrantA"),
    post: ownerOnly("entrantA", "invalid"),
  },

  // Winners: their award, payment, masterclass place and progress.
  "awards._index": { get: signedIn() },
  "awards.$awardId._index": {
    params: (f) => ({ awardId: f.previous.cashAwardId }),
    // Confirming the supplier form from a page seen long ago (an old version): the winner is told it changed.
    form: { intent: "details-sent", version: "999", confirm: "sent" },
    get: ownerOnly("winner"),
    post: ownerOnly("winner", "invalid"),
  },
  "awards.$awardId_.agreement": {
    params: (f) => ({ awardId: f.previous.cashAwardId }),
    // Accepting a text the page never showed (its hash does not match): the winner is told it changed.
    form: {
      version: "1",
      sha256: "0".repeat(64),
      signatoryName: "A Signatory",
      signatoryRole: "Chair",
      authorised: "yes",
    },
    get: ownerOnly("winner"),
    post: ownerOnly("winner", "invalid"),
  },
  "awards.$awardId_.agreement_.$version[.]pdf": {
    params: (f) => ({ awardId: f.previous.cashAwardId, version: 1 }),
    get: ownerOnly("winner"),
  },
  "awards.$awardId_.subsidy": {
    params: (f) => ({ awardId: f.previous.supportAwardId }),
    form: { provider1: "A council", amount1: "not money", year1: "1999" },
    get: ownerOnly("winner"),
    post: ownerOnly("winner", "invalid"),
  },
  "awards.$awardId.sessions.$sessionId[.]ics": {
    params: (f) => ({ awardId: f.previous.cashAwardId, sessionId: f.previous.masterclassSessionId }),
    get: ownerOnly("winner"),
  },
  "awards.$awardId_.support-requests.new": {
    params: (f) => ({ awardId: f.previous.supportAwardId }),
    form: {
      kind: "in_kind",
      description: "A laptop for our volunteers",
      supplier: "Local computer shop",
      cost: "450",
      reason: "Our volunteers share one old machine.",
    },
    get: ownerOnly("winner"),
    post: ownerOnly("winner", "redirect"),
  },
  "awards.$awardId_.reports.$reportId": {
    params: (f) => ({ awardId: f.previous.supportAwardId, reportId: f.previous.reportId }),
    form: { intent: "save", story: "We ran our first session." },
    get: ownerOnly("winner"),
    post: ownerOnly("winner", "redirect"),
  },
  "awards.$awardId_.progress": {
    params: (f) => ({ awardId: f.previous.supportAwardId }),
    form: { update: "We ran our first session." },
    get: ownerOnly("winner"),
    post: ownerOnly("winner", "redirect"),
  },

  // Judges.
  "judging._index": { get: judgesOnly() },
  "judging.affiliations": { get: judgesOnly(), post: judgesOnly("invalid") },
  "judging.conflicts.$challengeId": [
    {
      params: (f) => ({ challengeId: f.judging.challengeId }),
      get: judgesOnly(),
      post: judgesOnly("invalid"),
    },
    {
      label: "a challenge they do not judge",
      params: (f) => ({ challengeId: f.previous.challengeId }),
      get: judgesOnly("not-found"),
      post: judgesOnly("not-found"),
    },
  ],
  // Each judge asks for their own assignment to entrant A's entry: the judge with a conflict finds
  // theirs ended; everyone else asks for the judge's.
  "judging.$assignmentId": {
    params: (f, persona) => ({
      assignmentId: persona === "conflictedJudge" ? f.judging.conflictedAssignmentId : f.judging.judgeAssignmentId,
    }),
    // Saving the (empty) scores: the judge's are saved.
    form: { intent: "save", version: "0" },
    get: judgesOnly("ok", { conflictedJudge: "not-found" }),
    post: judgesOnly("redirect", { conflictedJudge: "not-found" }),
  },

  // Council officers: the shared ideas of their own council.
  "councils._index": { get: officersOnly("redirect") },
  "councils.ideas._index": { get: officersOnly() },
  "councils.ideas[.]csv": { get: officersOnly() },
  "councils.ideas.$ref": [
    {
      label: "an idea shared in the officer's council",
      params: (f) => ({ ref: f.previous.sharedHereRef }),
      form: STALE_INTEREST,
      get: officersOnly(),
      post: officersOnly("invalid"),
    },
    {
      // Shared ideas are shared with every council in the region (the list offers ?council=all).
      label: "an idea shared from another council's area",
      params: (f) => ({ ref: f.previous.sharedElsewhereRef }),
      form: STALE_INTEREST,
      get: officersOnly(),
      post: officersOnly("invalid"),
    },
    {
      label: "an idea whose organisation did not consent to sharing",
      params: (f) => ({ ref: f.previous.notSharedRef }),
      form: STALE_INTEREST,
      get: officersOnly("not-found"),
      post: officersOnly("not-found"),
    },
    {
      label: "an entry whose results are not published",
      params: (f) => ({ ref: f.judging.entryARef }),
      form: STALE_INTEREST,
      get: officersOnly("not-found"),
      post: officersOnly("not-found"),
    },
  ],

  // Programme staff.
  "staff._index": { get: staffOnly() },
  "staff.audit": { get: staffOnly() },
  "staff.retention": { get: staffOnly() },
  "staff.people": { get: staffOnly(), post: staffOnly("invalid") },
  "staff.people_.$userId": [
    {
      // Staff reset the lost second factor of someone who is none of the personas.
      label: "someone who lost their second factor",
      params: (f) => ({ userId: f.lostFactorUserId }),
      get: staffOnly(),
      post: staffOnly("redirect"),
    },
    {
      label: "the member of staff themselves",
      params: (f) => ({ userId: f.users.staff.id }),
      get: staffOnly(),
      post: staffOnly("forbidden"),
    },
    {
      label: "no such person",
      params: () => ({ userId: 2_000_000_000 }),
      get: staffOnly("not-found"),
      post: staffOnly("not-found"),
    },
    {
      // The erasure's confirmation page; the form without the request's reference is refused.
      label: "erasing someone's account without a request reference",
      params: (f) => ({ userId: f.lostFactorUserId }),
      search: () => "confirm=erase",
      form: { intent: "erase" },
      get: staffOnly(),
      post: staffOnly("invalid"),
    },
    {
      label: "a member of staff erasing their own account from the staff page",
      params: (f) => ({ userId: f.users.staff.id }),
      form: { intent: "erase", reference: "DR-1" },
      get: staffOnly(),
      post: staffOnly("forbidden"),
    },
  ],
  "staff.data-requests._index": { get: staffOnly() },
  "staff.data-requests.new": { get: staffOnly(), post: staffOnly("invalid") },
  "staff.data-requests.$id._index": { params: dataRequest, get: staffOnly(), post: staffOnly("invalid") },
  "staff.data-requests.$id.data": { params: dataRequest, get: staffOnly() },
  "staff.data-requests.$id.data[.]json": { params: dataRequest, get: staffOnly() },
  "staff.invitations": { get: staffOnly(), post: staffOnly("invalid") },
  "staff.email": { get: staffOnly(), post: staffOnly("invalid") },
  "staff.invitations_.new": { get: staffOnly(), post: staffOnly("invalid") },
  "staff.challenge._index": { get: staffOnly() },
  "staff.challenge.new": { get: staffOnly(), post: staffOnly("invalid") },
  "staff.challenge.$id._index": { params: openChallenge, get: staffOnly() },
  "staff.challenge.$id.preview": { params: openChallenge, get: staffOnly() },
  "staff.challenge.$id.details": { params: openChallenge, get: staffOnly(), post: staffOnly("invalid") },
  "staff.challenge.$id.documents": { params: openChallenge, get: staffOnly(), post: staffOnly("invalid") },
  "staff.challenge.$id.dates": { params: openChallenge, get: staffOnly(), post: staffOnly("invalid") },
  // An empty form clears the budget (no limit), so staff are sent back to the challenge.
  "staff.challenge.$id.budget": { params: openChallenge, get: staffOnly(), post: staffOnly("redirect") },
  // A post without a tier is refused as invalid.
  "staff.challenge.$id.due-diligence": { params: openChallenge, get: staffOnly(), post: staffOnly("invalid") },
  "staff.challenge.$id.open": { params: openChallenge, get: staffOnly(), post: staffOnly("invalid") },
  "staff.challenge.$id.close": { params: openChallenge, get: staffOnly(), post: staffOnly("invalid") },
  "staff.challenge.$id.$section._index": {
    params: (f) => ({ id: f.open.challengeId, section: "areas" }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.challenge.$id.$section.$itemId": {
    params: (f) => ({ id: f.open.challengeId, section: "areas", itemId: f.open.priorityAreaId }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.challenge.$id.agreements.$tierId": {
    params: (f) => ({ id: f.previous.challengeId, tierId: f.previous.prizeTierId }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.entries._index": { get: staffOnly() },
  "staff.entries[.]csv": { get: staffOnly() },
  "staff.entries.$ref._index": { params: entryA, get: staffOnly(), post: staffOnly("invalid") },
  "staff.entries.$ref.extension": { params: entryA, get: staffOnly(), post: staffOnly("invalid") },
  "staff.entries.$ref.conflict": { params: entryA, get: staffOnly(), post: staffOnly("invalid") },
  "staff.judging._index": { get: staffOnly() },
  "staff.judging.$challengeId._index": { params: judgingChallenge, get: staffOnly() },
  "staff.judging.$challengeId.conflicts._index": { params: judgingChallenge, get: staffOnly() },
  "staff.judging.$challengeId.conflicts[.]csv": { params: judgingChallenge, get: staffOnly() },
  "staff.judging.$challengeId.rubric._index": {
    params: judgingChallenge,
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.judging.$challengeId.rubric.$criterionId": {
    params: (f) => ({ challengeId: f.judging.challengeId, criterionId: f.judging.criterionId }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.judging.$challengeId.rounds.$number._index": { params: round1, get: staffOnly(), post: staffOnly("invalid") },
  // Round 1 is open, so its settings are fixed; round 2 is still to be created.
  "staff.judging.$challengeId.rounds.$number.settings": {
    params: (f) => ({ challengeId: f.judging.challengeId, number: 2 }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.judging.$challengeId.rounds.$number.judges": { params: round1, get: staffOnly(), post: staffOnly("invalid") },
  "staff.judging.$challengeId.rounds.$number.assignment": {
    params: round1,
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.judging.$challengeId.rounds.$number.leaderboard": {
    params: round1,
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.judging.$challengeId.rounds.$number.moderation": { params: round1, get: staffOnly() },
  "staff.judging.$challengeId.rounds.$number.entries.$entryId": {
    params: (f) => ({ challengeId: f.judging.challengeId, number: 1, entryId: f.judging.entryAId }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.judging.$challengeId.rounds.$number.confirm": { params: round1, get: staffOnly(), post: staffOnly("invalid") },
  "staff.awards._index": { get: staffOnly() },
  "staff.awards.$challengeId._index": { params: previousChallenge, get: staffOnly(), post: staffOnly("invalid") },
  "staff.awards.$challengeId.payments._index": { params: previousChallenge, get: staffOnly() },
  "staff.awards.$challengeId.payments[.]csv": { params: previousChallenge, get: staffOnly() },
  "staff.awards.$challengeId.payments.$paymentId": {
    params: (f) => ({ challengeId: f.previous.challengeId, paymentId: f.previous.paymentId }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.awards.$challengeId.agreements._index": { params: previousChallenge, get: staffOnly() },
  "staff.awards.$challengeId.agreements.$awardId._index": {
    params: (f) => ({ challengeId: f.previous.challengeId, awardId: f.previous.cashAwardId }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.awards.$challengeId.agreements.$awardId.$version[.]pdf": {
    params: (f) => ({ challengeId: f.previous.challengeId, awardId: f.previous.cashAwardId, version: 1 }),
    get: staffOnly(),
  },
  "staff.awards.$challengeId.due-diligence.$awardId._index": {
    params: (f) => ({ challengeId: f.previous.challengeId, awardId: f.previous.cashAwardId }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.awards.$challengeId.due-diligence.$awardId.$check": {
    params: (f) => ({ challengeId: f.previous.challengeId, awardId: f.previous.cashAwardId, check: "registration" }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.awards.$challengeId.masterclasses._index": {
    params: previousChallenge,
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.awards.$challengeId.masterclasses.$sessionId": {
    params: (f) => ({ challengeId: f.previous.challengeId, sessionId: f.previous.masterclassSessionId }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.support._index": { get: staffOnly() },
  "staff.support.$awardId._index": { params: supportAward, get: staffOnly(), post: staffOnly("invalid") },
  "staff.support.$awardId.items.new": { params: supportAward, get: staffOnly(), post: staffOnly("invalid") },
  "staff.support.$awardId.requests.$requestId": {
    params: (f) => ({ awardId: f.previous.supportAwardId, requestId: f.previous.supportRequestId }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.awards.$challengeId.recoveries.new": {
    params: previousChallenge,
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.awards.$challengeId.recoveries.$recoveryId": {
    params: (f) => ({ challengeId: f.previous.challengeId, recoveryId: f.previous.recoveryId }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.awards.$challengeId.monitoring": { params: previousChallenge, get: staffOnly(), post: staffOnly("invalid") },
  "staff.support.$awardId.reports.$reportId": {
    params: (f) => ({ awardId: f.previous.supportAwardId, reportId: f.previous.reportId }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.support.$awardId.milestones.$milestoneId": {
    params: (f) => ({ awardId: f.previous.supportAwardId, milestoneId: f.previous.milestoneId }),
    get: staffOnly(),
    post: staffOnly("invalid"),
  },
  "staff.councils._index": { get: staffOnly() },
  "staff.councils[.]csv": { get: staffOnly() },
  "staff.reports._index": { get: staffOnly() },
  "staff.reports.$file": {
    params: () => ({ file: "entries-by-area.csv" }),
    search: (f) => `challenge=${f.previous.challengeId}`,
    get: staffOnly(),
  },
  "staff.reports.360giving[.]csv": { get: staffOnly() },
  "staff.reports.360giving[.]json": { get: staffOnly() },
};

/** The dev-tool routes (app/dev-tools/routes/): with the test hooks, benchmarks and mailbox off, none exists. */
export const DEV_TOOLS_OFF: RouteCase = {
  params: () => ({ id: 1 }),
  get: everyone("not-found"),
  post: everyone("no-action"),
};
