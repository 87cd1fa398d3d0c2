import { z } from "zod";
import { requiredParagraphs, requiredText } from "./forms";
import { formatPence } from "./money";
import { cleanSingleLine } from "./plain-text";
import { formatDate } from "./time";

// A grant agreement's terms, with no I/O (decision 060). Each prize tier has a template that staff
// write in the page texts' formatting language (app/domain/rich-text.ts), with placeholders in
// double braces, such as {{organisation}}, for the award's figures. Filling a template gives the
// exact text the organisation accepts; its hash is taken from that text, so nothing about it can
// change afterwards without showing.

export const TEMPLATE_MAX = 50_000;
export const VARIATION_REASON_MAX = 2000;

/** The figures an agreement is filled with, all as they stand when it is issued. */
export interface AgreementFigures {
  organisationName: string;
  ideaTitle: string;
  reference: string;
  tierName: string;
  cashPence: number;
  supportCapPence: number;
  awardDate: Date;
  challengeTitle: string;
  version: number;
}

/** Every placeholder a template may use, what it stands for, and how it is filled. */
export const PLACEHOLDERS: Record<string, { meaning: string; value: (f: AgreementFigures) => string }> = {
  organisation: { meaning: "the winning organisation's name", value: (f) => f.organisationName },
  idea_title: { meaning: "the title of the idea", value: (f) => f.ideaTitle },
  reference: { meaning: "the entry's reference, such as JC-2021-0042", value: (f) => f.reference },
  prize_tier: { meaning: "the prize tier's name", value: (f) => f.tierName },
  cash_prize: { meaning: "the cash prize, such as £500 (or “no cash prize”)", value: (f) => money(f.cashPence) },
  support_cap: {
    meaning: "the most the support plan may spend, such as £15,000 (or “no support plan”)",
    value: (f) => (f.supportCapPence > 0 ? formatPence(f.supportCapPence) : "no support plan"),
  },
  award_date: { meaning: "the day the award was made, such as 12 July 2021", value: (f) => formatDate(f.awardDate) },
  challenge: { meaning: "the challenge's title", value: (f) => f.challengeTitle },
  version: { meaning: "the agreement's version number (2 for the first variation)", value: (f) => String(f.version) },
};

const money = (pence: number) => (pence > 0 ? formatPence(pence) : "no cash prize");

// A placeholder is a name of letters and underscores in double braces; spaces inside the braces
// are allowed, as people type them. Anything else in braces is left as typed.
const PLACEHOLDER = /\{\{\s*([A-Za-z_]{1,40})\s*\}\}/g;

/** The placeholders a template uses that we do not know, each once, in the order they appear. */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1]!.toLowerCase();
    if (!(name in PLACEHOLDERS)) unknown.add(match[1]!);
  }
  return [...unknown];
}

/**
 * The template with every placeholder replaced by the award's figure. A name we do not know is
 * refused when the template is saved; should one reach here it is an error, never left blank.
 */
export function fillAgreement(template: string, figures: AgreementFigures): string {
  const unknown = unknownPlaceholders(template);
  if (unknown.length) throw new Error(`Unknown placeholders: ${unknown.join(", ")}`);
  // Each figure is one line of plain text: a name with a line break or "**" could not change the
  // formatting of the terms around it.
  return template.replace(PLACEHOLDER, (_, name: string) =>
    cleanSingleLine(PLACEHOLDERS[name.toLowerCase()]!.value(figures)).replace(/\*\*/g, "* *"),
  );
}

/** Tiers whose cash prize is at most this get the lighter default terms. */
export const LIGHT_TERMS_UP_TO_PENCE = 100_000;

const LIGHT_TERMS = `**Grant agreement: {{prize_tier}}, {{challenge}}**

This agreement is between the programme team and **{{organisation}}** for the idea “{{idea_title}}” ({{reference}}), awarded on {{award_date}}. Version {{version}}.

1. **The prize.** Cash prize: {{cash_prize}}, paid to {{organisation}} once the checks before payment are complete.
2. **Use of the prize.** The organisation will use the prize to develop the idea it entered, for the people it described.
3. **Reporting.** The organisation will send the short progress report the programme asks for, by the date given.
4. **Publicity.** The programme may publish the organisation's name, the idea's title and summary, and the amount awarded, including as open data.
5. **Repayment.** If the organisation gave false information to win the prize, or does not use it for the idea, the programme may ask for some or all of it back.
6. **Data protection.** Both sides will handle any personal data they share under UK data protection law, and only for this award.`;

const FULL_TERMS = `**Grant agreement: {{prize_tier}}, {{challenge}}**

This agreement is between the programme team and **{{organisation}}** for the idea “{{idea_title}}” ({{reference}}), awarded on {{award_date}}. Version {{version}}.

1. **The award.** Cash prize: {{cash_prize}}, paid to {{organisation}} once the checks before payment are complete. Support plan: support, investment and coaching worth up to {{support_cap}}, bought by the programme.
2. **Use of funds.** The organisation will use the prize and the support only to develop and deliver the idea it entered, for the people it described. Support is bought by the programme against the agreed plan; it is not paid to the organisation as cash.
3. **Changes.** The organisation will tell the programme team promptly of any change that affects the idea, its delivery or the organisation itself (its name, status, registration, or who runs it). A change to these terms is made only as a new version of this agreement, accepted again.
4. **Monitoring and reporting.** The organisation will send the monitoring reports the programme asks for, by their due dates, with evidence of what the support bought and what it achieved, and a closing report at the end of the support.
5. **Publicity.** The programme may publish the organisation's name, the idea's title and summary, the amounts awarded and a summary of outcomes, including as open data. The organisation will acknowledge the programme's support when it publicises the idea.
6. **Safeguarding.** Where the idea works with children or adults at risk, the organisation will keep to its safeguarding policy and report any serious concern without delay.
7. **Repayment.** If the organisation breaks these terms, gave false or misleading information, or does not spend support it asked for, the programme may recover some or all of the money, and will record why.
8. **Fraud and records.** The organisation will keep records of how the money was spent for six years and show them on request, and will report any suspected fraud straight away.
9. **Data protection.** Both sides will handle any personal data they share under UK data protection law, and only for this award.
10. **Ending.** The support ends when the programme accepts the closing report, or earlier if the organisation asks or breaks these terms.`;

/** The terms a tier starts with until staff write its own: lighter for a small prize. */
export function defaultAgreementTemplate(tier: { cashPence: number; supportCapPence: number }): string {
  return tier.cashPence <= LIGHT_TERMS_UP_TO_PENCE && tier.supportCapPence === 0 ? LIGHT_TERMS : FULL_TERMS;
}

/** The template form: the terms, with every placeholder one we know. */
export const templateSchema = z.object({
  body: requiredParagraphs("the terms", TEMPLATE_MAX).superRefine((body, ctx) => {
    const unknown = unknownPlaceholders(body);
    if (unknown.length)
      ctx.addIssue({
        code: "custom",
        message: `The terms use ${unknown.length === 1 ? "a placeholder" : "placeholders"} we do not know: ${unknown
          .map((n) => `{{${n}}}`)
          .join(", ")}. Use only the placeholders listed`,
      });
  }),
});

/** Issuing a variation: why the terms change. */
export const variationSchema = z.object({
  reason: requiredParagraphs("the reason for the variation", VARIATION_REASON_MAX),
});

const AUTHORISED = "Confirm that the signatory is authorised to sign for the organisation";

/** Accepting: who signs, in what role, that they may, and the hash of the text they read. */
export const acceptanceSchema = z.object({
  version: z.coerce.number({ error: "Reload the page and try again" }).int().min(1).max(2_147_483_647),
  sha256: z.string({ error: "Reload the page and try again" }).regex(/^[0-9a-f]{64}$/, "Reload the page and try again"),
  signatoryName: requiredText("the signatory's full name", 200),
  signatoryRole: requiredText("the signatory's role in the organisation", 200),
  authorised: z.array(z.string(), { error: AUTHORISED }).refine((v) => v.includes("yes"), AUTHORISED),
});
export type AcceptanceInput = z.infer<typeof acceptanceSchema>;
