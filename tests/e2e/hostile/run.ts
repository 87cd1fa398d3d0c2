import { randomBytes } from "node:crypto";
import { cleanPostedText } from "../../../app/domain/forms";
import { cleanSingleLine } from "../../../app/domain/plain-text";
import { CONFIRM_IDENTITY_PATH } from "../../../app/auth/constants";
import { totpCode } from "../support/second-factor";
import { escapeLikeReact, links, postForms, type PostForm } from "./html";

// The hostile-input run: walk the pages a persona can reach, collect every post form with a
// text field, and post every payload into every text field of it, checking each answer.

export interface Persona {
  name: string;
  /** Sent with every request: the session cookie, for a signed-in persona. */
  headers: Record<string, string>;
  /** Where the walk starts; the persona's navigation is found from there. */
  start: string[];
  /** The session cookie, for opening pages in a browser as this persona. */
  cookie?: { name: string; value: string };
  /** The test clock this persona's requests carry (already in `headers`), for the browser too. */
  clock?: string;
  /**
   * The persona's authenticator key (base32): sensitive actions ask for the second factor again
   * once it is 5 minutes old, and a walk lasts longer, so `send` gives a fresh code when asked.
   */
  totpKey?: string;
}

/** A post form found on a page, fuzzed once however many pages show it. */
export interface FoundForm {
  persona: Persona;
  /** The page it was found on (fetched again to read values back). */
  page: string;
  /** A short name for reports: the route pattern of the page and of the action. */
  key: string;
  form: PostForm;
}

export interface FormReport {
  key: string;
  fields: number;
  requests: number;
  /** Payload-field pairs refused with an error summary and the typed value shown back. */
  refused: number;
  /** Payload-field pairs accepted and read back. */
  stored: number;
  /** Accepted values no page shows back (one-shot actions: e.g. a search, sending an email). */
  notShown: number;
  statuses: Record<number, number>;
  /** Requests refused once the action or the page had closed to the persona (see fuzzForm). */
  refusedWithoutForm: number;
  /** The form as it stands after the run (version numbers move on), and where it was found. */
  found: FoundForm;
  latest: PostForm;
}

export interface RunResult {
  forms: FormReport[];
  failures: string[];
  failureCount: number;
  fiveHundreds: number;
  requests: number;
  /** Values shown back (on the form again, or on the page it led to), per payload-field pair. */
  readBack: { persona: string; page: string; value: string }[];
}

// Pages a walk never opens: signing out would end the persona's session; the mailbox and test
// hooks are test machinery; benchmarks are not product pages.
const SKIP_PATH = /^\/(sign-out|dev\/|test-hooks\/|bench\/)/;
const PAGES_PER_PATTERN = 2;
const PAGES_PER_PERSONA = 120;

/**
 * A fresh made-up visitor address for every request, so per-address limits never hide coverage.
 * Answers come uncompressed: tens of thousands of pages over the loopback, where gzip (about a
 * tenth of the app's CPU time per page here) buys nothing; the browser journeys take them gzipped.
 */
export function visitor(baseURL: string): Record<string, string> {
  const [a, b, c] = randomBytes(3);
  return { "X-Forwarded-For": `10.${a}.${b}.${c}`, Origin: new URL(baseURL).origin, "Accept-Encoding": "identity" };
}

/** The shape of a path: ids, entry references and tokens replaced, so /entries/CRI-0001 and /entries/CRI-0002 count once. */
export function routePattern(url: string): string {
  const { pathname } = new URL(url);
  return pathname
    .split("/")
    .map((segment) => {
      if (/^[0-9]+$/.test(segment)) return ":id";
      if (/^[A-Z]{2,6}-[0-9]+$/i.test(segment)) return ":ref";
      if (segment.length >= 20 && /[0-9]/.test(segment) && /^[A-Za-z0-9_.-]+$/.test(segment)) return ":token";
      return segment;
    })
    .join("/");
}

export interface Answer {
  status: number;
  location: string | null;
  html: string;
}

/**
 * One plain HTTP request, as a browser without JavaScript makes it, redirects not followed.
 * Node's own fetch rather than Playwright's request context: tens of thousands of requests,
 * and this skips a hop through Playwright's driver process for each on a two-core machine.
 */
export async function send(persona: Persona, url: string, baseURL: string, form?: string): Promise<Answer> {
  const answer = await sendOnce(persona, url, baseURL, form);
  // "Confirm it is you" before a sensitive action: give a fresh code, as the person would, and
  // send the same request again, so the walk keeps reaching the action itself.
  if (answer.location?.startsWith(CONFIRM_IDENTITY_PATH) && persona.totpKey) {
    await confirmIdentity(persona, baseURL);
    return sendOnce(persona, url, baseURL, form);
  }
  return answer;
}

/** How many times a persona gave its second factor again during the run (printed by the spec). */
export const reconfirmations = { count: 0 };

/** Gives the second factor again at /account/confirm-identity and keeps the session's new cookie. */
async function confirmIdentity(persona: Persona, baseURL: string): Promise<void> {
  // A code is accepted once in its window: the next window's code if this one was used.
  for (const steps of [0, 1]) {
    const code = totpCode(persona.totpKey!, { steps });
    const response = await fetch(new URL(CONFIRM_IDENTITY_PATH, baseURL), {
      method: "POST",
      headers: { ...persona.headers, ...visitor(baseURL), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ method: "totp", code }).toString(),
      redirect: "manual",
    });
    await response.body?.cancel();
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${persona.cookie?.name}=`));
    if (response.status >= 300 && response.status < 400 && cookie && persona.cookie) {
      const token = cookie.slice(persona.cookie.name.length + 1).split(";")[0]!;
      persona.headers.Cookie = persona.headers.Cookie!.replace(
        `${persona.cookie.name}=${persona.cookie.value}`,
        `${persona.cookie.name}=${token}`,
      );
      persona.cookie.value = token;
      reconfirmations.count += 1;
      return;
    }
  }
  throw new Error(`${persona.name}: the second factor could not be given again at ${CONFIRM_IDENTITY_PATH}`);
}

async function sendOnce(persona: Persona, url: string, baseURL: string, form?: string): Promise<Answer> {
  const response = await fetch(new URL(url, baseURL), {
    method: form === undefined ? "GET" : "POST",
    headers: {
      ...persona.headers,
      ...visitor(baseURL),
      ...(form === undefined ? {} : { "Content-Type": "application/x-www-form-urlencoded" }),
    },
    body: form,
    redirect: "manual",
  });
  const isHtml = (response.headers.get("content-type") ?? "").startsWith("text/html");
  const html = isHtml ? await response.text() : "";
  if (!isHtml) await response.body?.cancel();
  return { status: response.status, location: response.headers.get("location"), html };
}

function get(persona: Persona, url: string, baseURL: string): Promise<Answer> {
  return send(persona, url, baseURL);
}

/** Breadth-first over same-site links from the persona's start pages, bounded per route pattern. */
export async function walk(
  persona: Persona,
  baseURL: string,
): Promise<{ forms: FoundForm[]; pages: number; fiveHundreds: string[] }> {
  const queue = persona.start.map((path) => new URL(path, baseURL).toString());
  const seen = new Set<string>(queue);
  const perPattern = new Map<string, number>();
  const forms = new Map<string, FoundForm>();
  const fiveHundreds: string[] = [];
  let pages = 0;
  while (queue.length > 0 && pages < PAGES_PER_PERSONA) {
    const url = queue.shift()!;
    const path = new URL(url).pathname;
    if (SKIP_PATH.test(path) || /\.[a-z0-9]{2,4}$/i.test(path)) continue;
    const pattern = routePattern(url);
    if ((perPattern.get(pattern) ?? 0) >= PAGES_PER_PATTERN) continue;
    perPattern.set(pattern, (perPattern.get(pattern) ?? 0) + 1);
    const response = await get(persona, url, baseURL);
    pages += 1;
    if (response.status >= 500) fiveHundreds.push(`${persona.name}: GET ${path} answered ${response.status}`);
    const next: string[] = [];
    const { location, html } = response;
    if (response.status >= 300 && response.status < 400 && location) next.push(new URL(location, url).toString());
    else if (html) {
      next.push(...links(html, url));
      for (const form of postForms(html, url)) {
        if (form.textFields.length === 0 || SKIP_PATH.test(new URL(form.action).pathname)) continue;
        // The query's names count, not its values: ?award=22 and ?award=24 are one form, as
        // /awards/22 and /awards/24 are one page.
        const query = [...new URL(form.action).searchParams.keys()].join("&");
        const key = `${pattern} -> ${routePattern(form.action)}${query ? `?${query}` : ""} [${form.textFields.map((f) => f.name).join(",")}]`;
        if (!forms.has(key)) forms.set(key, { persona, page: url, key, form });
      }
    }
    for (const link of next) {
      if (!seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  return { forms: [...forms.values()], pages, fiveHundreds };
}

/**
 * What the app may show back for a typed value: the value as every posted field is cleaned
 * (control and invisible disguising characters removed; app/domain/forms.ts), trimmed, or as a
 * one-line field is cleaned (app/domain/plain-text.ts), or an email address lower-cased. The
 * rules themselves are pinned by hand-worked unit tests; this test checks that the app applies
 * them and otherwise stores and shows exactly what was typed.
 */
export function acceptable(name: string, typed: string): string[] {
  const posted = cleanPostedText(name, typed);
  const variants = new Set([posted, posted.trim(), cleanSingleLine(typed)]);
  for (const v of [...variants]) variants.add(v.toLowerCase());
  return [...variants];
}

function body(form: PostForm, values: string[]): string {
  const params = new URLSearchParams();
  form.textFields.forEach((field, j) => params.append(field.name, values[j]!));
  for (const [name, value] of form.fixed) params.append(name, value);
  return params.toString();
}

/**
 * The same form on another rendering of a page: same address, most text fields in common. A
 * form's fields can change with its answers (a rubric shows one guidance box per scale point),
 * so fields are then compared by name, and only those present.
 */
function sameForm(forms: PostForm[], form: PostForm): PostForm | undefined {
  const path = new URL(form.action).pathname;
  const names = new Set(form.textFields.map((f) => f.name));
  let best: PostForm | undefined;
  let bestShared = 0;
  for (const candidate of forms) {
    if (new URL(candidate.action).pathname !== path) continue;
    const shared = candidate.textFields.filter((f) => names.has(f.name)).length;
    if (shared > bestShared) [best, bestShared] = [candidate, shared];
  }
  return best;
}

function shownIn(form: PostForm | undefined, name: string): string | undefined {
  return form?.textFields.find((f) => f.name === name)?.initial;
}

/** What a browser sends for a string: URL-encoding turns a lone surrogate into U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

// Markup a payload would create if a page let it through unescaped.
const MARKUP = /<[a-z!/]/i;

/**
 * Posts payload (i + j) mod N into text field j for i = 0..N-1: N requests cover all N x F
 * payload-field pairs. One form at a time in order (a successful post can change the form's
 * hidden version field, and reading back must see this post's values, not a later one's).
 */
export async function fuzzForm(found: FoundForm, payloads: readonly string[], baseURL: string, result: RunResult) {
  const { persona } = found;
  let form = found.form;
  const report: FormReport = {
    key: `${persona.name}: ${found.key}`,
    fields: form.textFields.length,
    requests: 0,
    refused: 0,
    stored: 0,
    notShown: 0,
    refusedWithoutForm: 0,
    statuses: {},
    found,
    latest: form,
  };
  result.forms.push(report);
  const fail = (message: string) => {
    result.failureCount += 1;
    if (result.failures.length < 60) result.failures.push(`${report.key}: ${message}`);
  };
  const n = payloads.length;
  for (let i = 0; i < n; i += 1) {
    const typed = form.textFields.map((_, j) => wellFormed(payloads[(i + j) % n]!));
    const describe = (j: number) =>
      `field ${form.textFields[j]!.name} payload #${(i + j) % n} ${JSON.stringify(payloads[(i + j) % n]).slice(0, 80)}`;
    const response = await send(persona, form.action, baseURL, body(form, typed));
    report.requests += 1;
    result.requests += 1;
    const { status, html, location } = response;
    report.statuses[status] = (report.statuses[status] ?? 0) + 1;
    if (status >= 500) {
      result.fiveHundreds += 1;
      fail(`${status} for ${typed.map((_, j) => describe(j)).join("; ")}`);
      continue;
    }
    for (const [j, value] of typed.entries()) {
      if (MARKUP.test(value) && html.includes(value)) fail(`${describe(j)} came back as markup (status ${status})`);
    }
    if (status >= 400) {
      if (!html.includes("govuk-error-summary")) {
        // Allowed only when the persona has lost the page itself (a 403/404 there too): access
        // that another of its own posts ended. Counted apart with the closed actions.
        const page = await get(persona, found.page, baseURL);
        if (page.status >= 400 && page.status < 500) report.refusedWithoutForm += 1;
        else fail(`${status} without an error summary for ${typed.map((_, j) => describe(j)).join("; ")}`);
        continue;
      }
      report.refused += form.textFields.length;
      // The refused form comes back holding what was typed (secrets are never sent back).
      const again = sameForm(postForms(html, form.action), form);
      if (!again) {
        // Refused without the form: the action is no longer possible (a round another form just
        // confirmed, a one-shot form already used), and the summary says why. Counted apart.
        report.refusedWithoutForm += 1;
        continue;
      }
      form.textFields.forEach((field, j) => {
        const shown = shownIn(again, field.name);
        if (field.secret || shown === undefined) return;
        if (!acceptable(field.name, typed[j]!).includes(shown))
          fail(`${status}: ${describe(j)} came back as ${JSON.stringify(shown).slice(0, 80)}`);
      });
      continue;
    }
    // Accepted (2xx, or 3xx to the next page): read every value back.
    const target =
      status >= 300 && location ? await get(persona, new URL(location, form.action).toString(), baseURL) : null;
    if (target && target.status >= 500) fail(`the page after posting (${location}) answered ${target.status}`);
    const targetHtml = target ? target.html : html;
    const onTarget = typed.map((value, j) =>
      acceptable(form.textFields[j]!.name, value).some(
        (v) => v.trim() !== "" && targetHtml.includes(escapeLikeReact(v)),
      ),
    );
    // The form's page again: to read back what the page after posting did not show, and to pick
    // up a new version number. Skipped when neither is needed, to keep the run short.
    let pageForm: PostForm | undefined;
    if (form.hasHidden || onTarget.some((found, j) => !found && !form.textFields[j]!.secret)) {
      const page = await get(persona, found.page, baseURL);
      if (page.status >= 500)
        fail(`the form's page answered ${page.status} after ${typed.map((_, j) => describe(j)).join("; ")}`);
      pageForm = page.status === 200 ? sameForm(postForms(page.html, found.page), form) : undefined;
    }
    form.textFields.forEach((field, j) => {
      if (field.secret) {
        report.notShown += 1;
        return;
      }
      const expected = acceptable(field.name, typed[j]!);
      const onPage = shownIn(pageForm, field.name);
      const onForm = onPage !== undefined && onPage !== "" && expected.includes(onPage);
      if (onForm || onTarget[j]) {
        report.stored += 1;
        if (MARKUP.test(typed[j]!))
          result.readBack.push({
            persona: persona.name,
            page: onTarget[j] && target ? new URL(location!, form.action).toString() : found.page,
            value: typed[j]!,
          });
      } else if (onPage !== undefined && field.initial !== "" && expected.every((v) => v.trim() !== "")) {
        // An edit form (it showed a stored value) must now show the new one.
        fail(`accepted (${status}) but the form shows ${JSON.stringify(onPage).slice(0, 80)} for ${describe(j)}`);
      } else {
        report.notShown += 1;
      }
    });
    // A successful post may change the form (a new version number): carry on with the new one.
    if (pageForm && pageForm.action === form.action) form = { ...form, fixed: pageForm.fixed };
    report.latest = form;
  }
}

/** Runs `work` over `items`, `concurrency` at a time. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        await work(item);
      }
    }),
  );
}

export interface Coverage extends RunResult {
  pages: number;
  personas: string[];
  fields: number;
  pairs: number;
}

/**
 * Walks every persona's pages, then fuzzes every form found. A form several personas reach
 * (signing in, changing a password) is fuzzed once, by the first who finds it. Personas go one
 * after another in the order given (staff last: their forms change what others' pages show);
 * each persona's forms run `concurrency` at a time.
 */
export async function runAll(
  personas: Persona[],
  payloads: readonly string[],
  baseURL: string,
  { concurrency = 4, log = (_line: string) => {} }: { concurrency?: number; log?: (line: string) => void } = {},
): Promise<Coverage> {
  const coverage: Coverage = {
    forms: [],
    failures: [],
    failureCount: 0,
    fiveHundreds: 0,
    requests: 0,
    readBack: [],
    pages: 0,
    personas: [],
    fields: 0,
    pairs: 0,
  };
  const done = new Set<string>();
  for (const persona of personas) {
    const walked = await walk(persona, baseURL);
    coverage.pages += walked.pages;
    coverage.personas.push(persona.name);
    for (const problem of walked.fiveHundreds) {
      coverage.failureCount += 1;
      coverage.fiveHundreds += 1;
      coverage.failures.push(problem);
    }
    const forms = walked.forms.filter((found) => !done.has(found.key));
    for (const found of forms) {
      done.add(found.key);
      coverage.fields += found.form.textFields.length;
      coverage.pairs += found.form.textFields.length * payloads.length;
    }
    const started = Date.now();
    await pool(forms, concurrency, (found) => fuzzForm(found, payloads, baseURL, coverage));
    log(
      `hostile-input: ${persona.name}: ${walked.pages} pages walked, ${forms.length} new forms fuzzed in ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }
  return coverage;
}
