import { config } from "../../app/config.server";

/**
 * An absolute link into the service for an email (mail clients have no base address). Services
 * build links with this and pass them to templates as props.
 */
export function absoluteUrl(pathAndQuery: string): string {
  return `${config.appUrl}${pathAndQuery.startsWith("/") ? "" : "/"}${pathAndQuery}`;
}
