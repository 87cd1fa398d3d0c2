// Money is held as integer pence everywhere; these are the only conversions to and from pounds.

const GBP = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });
const GBP_WHOLE = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });

/** £1,234.50 — or £15,000 when the amount is whole pounds. */
export function formatPence(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`Not a whole number of pence: ${pence}`);
  return pence % 100 === 0 ? GBP_WHOLE.format(pence / 100) : GBP.format(pence / 100);
}

/**
 * Reads an amount typed in pounds ("1,500", "£1500.50", "15k" is not accepted) into pence, or
 * null when it is not a valid amount of money. Never goes through floating point.
 */
export function parsePounds(input: string): number | null {
  const text = input
    .trim()
    .replace(/^£/, "")
    .replace(/,(?=\d{3}(\D|$))/g, "");
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const pounds = Number.parseInt(match[1]!, 10);
  const pence = match[2] ? Number.parseInt(match[2].padEnd(2, "0"), 10) : 0;
  return pounds * 100 + pence;
}

/**
 * What is wrong with an amount typed in pounds, in words for the error summary, or null when it is
 * a whole number of pence above £0 and at most `maxPence`. One check for every money field.
 */
export function poundsProblem(
  input: string,
  { noun, whenEmpty, maxPence }: { noun: "amount" | "cost"; whenEmpty: string; maxPence: number },
): string | null {
  if (!input) return whenEmpty;
  const pence = parsePounds(input);
  if (pence === null) return `Enter the ${noun} in pounds and pence, like 250 or 250.50`;
  if (pence === 0) return `Enter ${noun === "amount" ? "an" : "a"} ${noun} more than £0`;
  if (pence > maxPence) return `The ${noun} must be ${formatPence(maxPence)} or less`;
  return null;
}
