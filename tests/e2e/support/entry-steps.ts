import { expect, type Page } from "@playwright/test";

// Steps the entry journeys share: starting an entry and filling in its sections the way a
// person does, through the pages. Each step waits for what the person would see next.

export type Scan = (page?: Page) => Promise<void>;

export const COMPLETED = /Yes, I.ve completed this section/;
export const NOT_YET = /No, I.ll come back to it later/;

export function words(n: number, word = "word"): string {
  return Array.from({ length: n }, (_, i) => `${word}${i + 1}`).join(" ");
}

/** Starts an entry from /entries and returns its reference, on its task list. */
export async function startEntry(page: Page, title: string, checkA11y?: Scan): Promise<string> {
  await page.goto("/entries");
  await expect(page.getByRole("heading", { level: 1, name: "Your entries" })).toBeVisible();
  if (checkA11y) await checkA11y();
  await page.getByRole("button", { name: "Start a new entry" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Start a new entry" })).toBeVisible();
  if (checkA11y) await checkA11y();
  await page.getByLabel("What is your idea called?").fill(title);
  await page.getByRole("button", { name: "Start entry" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const reference = /\/entries\/(CRI-\d+)$/.exec(new URL(page.url()).pathname)?.[1];
  expect(reference, `the task list's address should carry the reference: ${page.url()}`).toBeDefined();
  if (checkA11y) await checkA11y();
  return reference!;
}

export function taskRow(page: Page, name: string) {
  return page.getByRole("listitem").filter({ has: page.getByRole("link", { name, exact: true }) });
}

async function openSection(page: Page, name: string, checkA11y?: Scan) {
  await taskRow(page, name).getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  if (checkA11y) await checkA11y();
}

async function saveCompleted(page: Page) {
  await page.getByRole("radio", { name: COMPLETED }).check();
  await page.getByRole("button", { name: "Save and continue" }).click();
}

export async function expectTaskStatus(page: Page, name: string, status: string): Promise<void> {
  // The status is the link's description, as a screen reader announces it.
  await expect(taskRow(page, name).getByRole("link", { name, exact: true })).toHaveAccessibleDescription(status);
}

export interface EntryText {
  summary: string;
  need: string;
  beneficiaries: string;
  delivery: string;
  costs: string;
  prizeUse: string;
}

export const SAMPLE: EntryText = {
  summary: "A shared fridge for surplus food from local shops, run by volunteers at the community centre.",
  need: "Shops throw away good food while families on the same streets go without.",
  beneficiaries: "Around 200 households in Green Lanes, many with young children.",
  delivery: "Volunteers open the fridge every day; the corner shops bring food at closing time.",
  costs: "Fridge £600, electricity £200 a year, hygiene training £150. Total £950.",
  prizeUse: "Buy the fridge and pay for the first year's electricity.",
};

/** From the task list, fills in every section (each marked completed) and returns to the task list. */
export async function completeEveryRemainingSection(
  page: Page,
  options: { checkA11y?: Scan; text?: Partial<EntryText>; skip?: string[] } = {},
): Promise<void> {
  const text = { ...SAMPLE, ...options.text };
  const skip = new Set(options.skip ?? []);
  const { checkA11y } = options;

  if (!skip.has("About the idea")) {
    await openSection(page, "About the idea", checkA11y);
    await page.getByLabel("Summarise your idea").fill(text.summary);
    await saveCompleted(page);
    await expectTaskStatus(page, "About the idea", "Completed");
  }
  if (!skip.has("The need and who benefits")) {
    await openSection(page, "The need and who benefits", checkA11y);
    await page.getByLabel("What need does your idea meet?").fill(text.need);
    await page.getByLabel("Who would benefit, and how?").fill(text.beneficiaries);
    await saveCompleted(page);
    await expectTaskStatus(page, "The need and who benefits", "Completed");
  }
  if (!skip.has("Priority area and principles")) {
    await openSection(page, "Priority area and principles", checkA11y);
    // Whichever challenge is open: its first priority area and first principle.
    await page
      .getByRole("group", { name: "Which priority area does your idea address?" })
      .getByRole("radio")
      .first()
      .check();
    await page
      .getByRole("group", { name: "Which of the cross-cutting principles does your idea meet?" })
      .getByRole("checkbox")
      .first()
      .check();
    await saveCompleted(page);
    await expectTaskStatus(page, "Priority area and principles", "Completed");
  }
  if (!skip.has("Where the idea would work")) {
    await openSection(page, "Where the idea would work", checkA11y);
    await page.getByRole("checkbox", { name: "Birmingham", exact: true }).check();
    await page.getByRole("checkbox", { name: "Solihull", exact: true }).check();
    await saveCompleted(page);
    await expectTaskStatus(page, "Where the idea would work", "Completed");
  }
  if (!skip.has("Delivery, costs and how you would use the prize")) {
    await openSection(page, "Delivery, costs and how you would use the prize", checkA11y);
    await page.getByLabel("How would you deliver your idea?").fill(text.delivery);
    await page.getByLabel("What would it cost?").fill(text.costs);
    await page.getByLabel("How would you use the prize?").fill(text.prizeUse);
    await saveCompleted(page);
    await expectTaskStatus(page, "Delivery, costs and how you would use the prize", "Completed");
  }
  if (!skip.has("Declarations and consent")) {
    await openSection(page, "Declarations and consent", checkA11y);
    await page.getByRole("checkbox", { name: /this idea can be shared with the region.s councils/ }).check();
    await page.getByRole("checkbox", { name: /I confirm that the information in this entry is true/ }).check();
    await saveCompleted(page);
    await expectTaskStatus(page, "Declarations and consent", "Completed");
  }
}

/** From the task list: check your answers, submit, and see the confirmation. */
export async function checkAndSubmit(
  page: Page,
  reference: string,
  checkA11y?: Scan,
  button = "Submit entry",
): Promise<void> {
  await page.getByRole("button", { name: "Check your answers" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your answers" })).toBeVisible();
  if (checkA11y) await checkA11y();
  await page.getByRole("button", { name: button }).click();
  await expect(page.locator(".govuk-panel")).toContainText(reference);
  if (checkA11y) await checkA11y();
}
