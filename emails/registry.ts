import type { ComponentType } from "react";

// Every email the service can send. Each template is a React Email component in this folder that
// takes plain props; `subject` builds the subject line from the same props. Add new templates
// here so that the outbox can render them by name.
export interface EmailTemplate<P> {
  subject: (props: P) => string;
  Component: ComponentType<P>;
}

export function defineTemplate<P>(template: EmailTemplate<P>): EmailTemplate<P> {
  return template;
}
