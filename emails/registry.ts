import { createElement, type ReactElement } from "react";

// The machinery behind emails/templates.ts: what a template is, how the registry is typed, and
// how one is rendered. Rendering happens in the outbox worker, never in a request.

/**
 * A React Email component. Its props must survive a trip through JSON (the outbox stores them
 * in a jsonb column until the worker renders the email): strings, numbers, booleans, null,
 * arrays and plain objects. Pass dates as ISO strings. `PreviewProps` are the example values
 * shown by the React Email preview and used by the tests that render every template.
 */
export type EmailComponent<P> = ((props: P) => ReactElement) & { PreviewProps?: P };

export interface EmailTemplate<P> {
  /** The subject line, built from the same props as the body. */
  subject: (props: P) => string;
  Component: EmailComponent<P>;
  /**
   * Props that carry a secret, typically a link with a single-use token in it. The database
   * stores only a token's hash; the outbox must keep the link until the email has gone, then
   * replaces these props with SECRET_REMOVED so the raw token does not outlive its email.
   */
  secretProps?: readonly (keyof P & string)[];
}

/** What a secret prop says once its email has been sent (or has failed for good). */
export const SECRET_REMOVED = "[removed once the email was sent]";

/**
 * The props with the template's secrets replaced by SECRET_REMOVED: what the outbox keeps of an
 * email after delivery, enough to see who was sent what and when.
 */
export function withoutSecrets(template: { secretProps?: readonly string[] } | undefined, props: unknown): unknown {
  const secrets = template?.secretProps ?? [];
  if (secrets.length === 0 || props === null || typeof props !== "object" || Array.isArray(props)) return props;
  const kept: Record<string, unknown> = { ...(props as Record<string, unknown>) };
  for (const name of secrets) if (Object.hasOwn(kept, name)) kept[name] = SECRET_REMOVED;
  return kept;
}

export type TemplateRegistry = Record<string, EmailTemplate<any>>;

/**
 * Builds the registry while keeping each entry's subject and component on the same props type:
 * `"name": { subject: (p) => ..., Component }` types `p` from the component.
 */
export function defineTemplates<T extends Record<string, object>>(registry: {
  [K in keyof T]: EmailTemplate<T[K]>;
}): { [K in keyof T]: EmailTemplate<T[K]> } {
  return registry;
}

/** The template registered under `name`, ignoring anything inherited from Object.prototype. */
export function findTemplate(registry: TemplateRegistry, name: string): EmailTemplate<unknown> | undefined {
  return Object.hasOwn(registry, name) ? registry[name] : undefined;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const HEADINGS_AS_WRITTEN = ["h1", "h2", "h3"].map((selector) => ({ selector, options: { uppercase: false } }));

export async function renderEmail<P>(template: EmailTemplate<P>, props: P): Promise<RenderedEmail> {
  // Props come back from jsonb as a plain object; the registry's types tie them to the component.
  // Loaded on first use: only the email worker renders, and loading it at start-up cost ~0.1 s.
  const { render, toPlainText } = await import("@react-email/render");
  const html = await render(createElement(template.Component as (props: object) => ReactElement, props as object));
  return {
    // A subject is one header line whatever a name in the props contains.
    subject: template
      .subject(props)
      .replace(/[\r\n\t]+/g, " ")
      .trim(),
    html,
    // The same conversion as render(..., { plainText: true }), applied to the HTML we already
    // have instead of rendering the component a second time; headings keep their case (capitals
    // are harder to read, and screen readers may spell them out).
    text: toPlainText(html, { selectors: HEADINGS_AS_WRITTEN }),
  };
}
