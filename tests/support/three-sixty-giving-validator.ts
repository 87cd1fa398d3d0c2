// A check of a 360Giving JSON package against the Data Standard's required grant fields, written
// from the standard (standard.threesixtygiving.org, schema 1.3), independently of the code that
// makes the export: every grant needs id, title, description, currency, amountAwarded, awardDate,
// a recipient organisation and a funding organisation, each organisation with an id and a name.
// We also require lastModified, which the programme always publishes.

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ISO_DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// Org-id.guide identifiers: a list prefix (country code and register, e.g. GB-CHC) or 360G-, then an id.
const ORG_ID = /^(?:[A-Z]{2}-[A-Z0-9]{2,}|360G)-[A-Za-z0-9-]+$/;

function isText(value: unknown): value is string {
  return typeof value === "string" && value.trim().length > 0;
}

function organisationProblems(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0) return [`${field} must be a non-empty array`];
  return value.flatMap((org, i) => {
    const problems: string[] = [];
    if (typeof org !== "object" || org === null) return [`${field}[${i}] must be an object`];
    const { id, name } = org as Record<string, unknown>;
    if (!isText(id) || !ORG_ID.test(id))
      problems.push(`${field}[${i}].id must be an org-id.guide identifier, got ${JSON.stringify(id)}`);
    if (!isText(name)) problems.push(`${field}[${i}].name is required`);
    return problems;
  });
}

export function threeSixtyGivingProblems(data: unknown): string[] {
  if (typeof data !== "object" || data === null || !Array.isArray((data as { grants?: unknown }).grants)) {
    return ['the package must be an object with a "grants" array'];
  }
  const grants = (data as { grants: unknown[] }).grants;
  const ids = new Set<string>();
  return grants.flatMap((grant, i) => {
    if (typeof grant !== "object" || grant === null) return [`grants[${i}] must be an object`];
    const g = grant as Record<string, unknown>;
    const problems: string[] = [];
    if (!isText(g.id) || !/^360G-[A-Za-z0-9-]+$/.test(g.id))
      problems.push(`grants[${i}].id must start with a 360G- prefix`);
    else if (ids.has(g.id)) problems.push(`grants[${i}].id ${g.id} is not unique`);
    else ids.add(g.id);
    if (!isText(g.title)) problems.push(`grants[${i}].title is required`);
    if (!isText(g.description)) problems.push(`grants[${i}].description is required`);
    if (typeof g.currency !== "string" || !/^[A-Z]{3}$/.test(g.currency))
      problems.push(`grants[${i}].currency must be an ISO 4217 code`);
    if (typeof g.amountAwarded !== "number" || !Number.isFinite(g.amountAwarded) || g.amountAwarded < 0) {
      problems.push(`grants[${i}].amountAwarded must be a number`);
    }
    if (typeof g.awardDate !== "string" || !(ISO_DATE.test(g.awardDate) || ISO_DATE_TIME.test(g.awardDate))) {
      problems.push(`grants[${i}].awardDate must be an ISO 8601 date`);
    }
    if (typeof g.lastModified !== "string" || !ISO_DATE_TIME.test(g.lastModified)) {
      problems.push(`grants[${i}].lastModified must be an ISO 8601 date and time`);
    }
    problems.push(...organisationProblems(g.recipientOrganization, `grants[${i}].recipientOrganization`));
    problems.push(...organisationProblems(g.fundingOrganization, `grants[${i}].fundingOrganization`));
    return problems;
  });
}
