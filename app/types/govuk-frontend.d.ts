// GOV.UK Frontend ships JavaScript without type declarations; we use only initAll.
declare module "govuk-frontend" {
  export function initAll(config?: { scope?: Element; onError?: (error: unknown) => void }): void;
}
