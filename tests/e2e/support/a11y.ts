import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";

// WCAG 2.2 AA, the standard the accessibility statement promises.
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Scans the page as it is now with axe and fails on any violation, listing each one's rule,
 * impact, help text and the elements it found, so the failure says what to fix.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const javaScriptOff = test.info().project.use.javaScriptEnabled === false;
  const violations = javaScriptOff
    ? await analyzeCopy(page)
    : (await new AxeBuilder({ page }).withTags(TAGS).analyze()).violations;
  const report = violations.map((violation) => {
    const targets = violation.nodes.map((node) => `    - ${node.target.join(" ")}`).join("\n");
    return `${violation.id} (${violation.impact ?? "unknown impact"}): ${violation.help}\n  ${violation.helpUrl}\n${targets}`;
  });
  expect(report, `Accessibility violations on ${page.url()}:\n${report.join("\n")}`).toEqual([]);
}

/**
 * axe runs inside the page and needs its timers, which a page with JavaScript off never fires.
 * So the page as the person sees it (its HTML right now, scripts removed) is loaded at the same
 * address in a scratch page that allows scripts, with the same stylesheets from the server, and
 * scanned there. Nothing in it runs but axe, so it is the same document the person has.
 */
async function analyzeCopy(page: Page) {
  // The server streams the document: copy it only once all of it has arrived, or the copy can
  // end mid-form (an input whose label has not been parsed yet reads as unlabelled).
  await page.waitForLoadState("load");
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  const scratch = await scratchPageFor(page);
  scratch.html = html;
  // Without the fragment: going to "#main-content" on the same address would not load anything.
  const address = new URL(page.url());
  address.hash = "";
  await scratch.page.goto(address.toString());
  return (await new AxeBuilder({ page: scratch.page }).withTags(TAGS).analyze()).violations;
}

interface Scratch {
  page: Page;
  html: string;
}
// One scratch page per page under test (a new browser context per scan costs seconds here).
const scratchPages = new WeakMap<Page, Promise<Scratch>>();
const scratchContexts = new Set<BrowserContext>();

/** Closes the scratch pages made for scans with JavaScript off (the checkA11y fixture calls it). */
export async function closeScratchPages(): Promise<void> {
  const contexts = [...scratchContexts];
  scratchContexts.clear();
  await Promise.all(contexts.map((context) => context.close()));
}

function scratchPageFor(page: Page): Promise<Scratch> {
  let scratch = scratchPages.get(page);
  if (!scratch) {
    scratch = (async () => {
      const browser = page.context().browser();
      if (!browser)
        throw new Error("checkA11y with JavaScript off needs a page from a normal (not persistent) browser context");
      const context = await browser.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true });
      scratchContexts.add(context);
      const result: Scratch = { page: await context.newPage(), html: "" };
      // Only the document itself is replaced; stylesheets, fonts and images come from the server.
      await result.page.route("**/*", (route) =>
        route.request().isNavigationRequest()
          ? route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: result.html })
          : route.fallback(),
      );
      return result;
    })();
    scratchPages.set(page, scratch);
  }
  return scratch;
}
