import axe, { type AxeResults } from "axe-core";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";

// WCAG 2.2 AA, the standard the accessibility statement promises.
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Scans the page as it is now with axe and fails on any violation, listing each one's rule,
 * impact, help text and the elements it found, so the failure says what to fix.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const javaScriptOff = test.info().project.use.javaScriptEnabled === false;
  const violations = javaScriptOff ? await analyzeCopy(page) : await analyze(page);
  const report = violations.map((violation) => {
    const targets = violation.nodes.map((node) => `    - ${node.target.join(" ")}`).join("\n");
    return `${violation.id} (${violation.impact ?? "unknown impact"}): ${violation.help}\n  ${violation.helpUrl}\n${targets}`;
  });
  expect(report, `Accessibility violations on ${page.url()}:\n${report.join("\n")}`).toEqual([]);
}

/**
 * axe runs inside the page and needs its timers, which a page with JavaScript off never fires.
 * So the page as the person sees it (its HTML right now, scripts removed) is put into a scratch
 * page that allows scripts, with a `<base>` at the same address so the same stylesheets, fonts
 * and images come from the server, and scanned there. Nothing in it runs but axe, so it is the
 * same document the person has. (Loading it at the address through a route would work too, but
 * routing turns off the browser's cache: every scan would fetch the stylesheets and fonts again.)
 */
async function analyzeCopy(page: Page) {
  // The server streams the document: copy it only once all of it has arrived, or the copy can
  // end mid-form (an input whose label has not been parsed yet reads as unlabelled).
  await page.waitForLoadState("load");
  const address = new URL(page.url());
  address.hash = "";
  const base = `<base href="${address.toString().replaceAll("&", "&amp;").replaceAll('"', "&quot;")}">`;
  const html = (await page.content())
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "")
    .replace(/<head\b[^>]*>/i, (head) => head + base);
  const scratch = await scratchPageFor(page);
  await scratch.setContent(html, { waitUntil: "load" });
  return analyze(scratch);
}

/**
 * Runs axe-core in the page through its own API: its source is put into the document once, then
 * `axe.run` checks the whole document against the tags. (The @axe-core/playwright wrapper put the
 * source in twice per scan and finished every scan in a new tab, for iframes this app never has:
 * three times the cost, on hundreds of scans a run.)
 */
async function analyze(page: Page): Promise<AxeResults["violations"]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  const results = await page.evaluate(
    (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: "tag", values: tags } }),
    TAGS,
  );
  return results.violations;
}

// One scratch page per page under test (a new browser context per scan costs seconds here).
const scratchPages = new WeakMap<Page, Promise<Page>>();
const scratchContexts = new Set<BrowserContext>();

/** Closes the scratch pages made for scans with JavaScript off (the checkA11y fixture calls it). */
export async function closeScratchPages(): Promise<void> {
  const contexts = [...scratchContexts];
  scratchContexts.clear();
  await Promise.all(contexts.map((context) => context.close()));
}

function scratchPageFor(page: Page): Promise<Page> {
  let scratch = scratchPages.get(page);
  if (!scratch) {
    scratch = (async () => {
      const browser = page.context().browser();
      if (!browser)
        throw new Error("checkA11y with JavaScript off needs a page from a normal (not persistent) browser context");
      const context = await browser.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true });
      scratchContexts.add(context);
      return context.newPage();
    })();
    scratchPages.set(page, scratch);
  }
  return scratch;
}
