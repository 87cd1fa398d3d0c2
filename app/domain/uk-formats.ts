// Formats of UK identifiers that entrants type. Checked for shape only: whether a number is
// really registered is for staff screening, not for a form.

/** A UK postcode, normalised to upper case with one space ("B1 1BB"), or null. */
export function normalisePostcode(input: string): string | null {
  const compact = input.replace(/\s+/g, "").toUpperCase();
  if (!/^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/.test(compact)) {
    return compact === "GIR0AA" ? "GIR 0AA" : null;
  }
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/** Charity Commission for England and Wales: 6 or 7 digits (with an optional -N subsidiary). */
export function isCharityNumber(input: string): boolean {
  return /^[0-9]{6,7}(-[0-9]{1,2})?$/.test(input.replace(/\s+/g, ""));
}

/**
 * Companies House company number (also used by CICs and registered co-operatives that are
 * companies): 8 characters, either 8 digits or a 2-letter prefix (SC, NI, OC, SO, NC, ...) and 6
 * digits. Shorter numbers are written with leading zeros, which we add.
 */
export function normaliseCompanyNumber(input: string): string | null {
  const compact = input.replace(/\s+/g, "").toUpperCase();
  if (/^[0-9]{1,8}$/.test(compact)) return compact.padStart(8, "0");
  if (/^[A-Z]{2}[0-9]{6}$/.test(compact)) return compact;
  return null;
}

/** Financial Conduct Authority Mutuals Public Register number for co-operative and community benefit societies. */
export function isMutualsRegisterNumber(input: string): boolean {
  return /^(IP|RS)?[0-9]{1,6}R?$/i.test(input.replace(/\s+/g, ""));
}
