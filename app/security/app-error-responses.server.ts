import { data, type ServerBuild } from "@remix-run/node";
import type { FieldErrors, FormValues } from "../domain/forms";
import { AppError, isAppError, type AppErrorKind } from "../services/app-error.server";
import { isDatabaseUnavailable } from "../../db/client";

// The route side of the services' one error type (app/services/app-error.server.ts): the only
// place an AppError becomes HTTP. Every loader and action of the build is wrapped once, when the
// request handler is made (withAppErrorResponses), so a route never has to catch a service's "not
// found" or "forbidden": the route's ErrorBoundary shows the matching page. A form that can show
// the person what to correct catches the rest itself with `attempt` and `formError`.

const STATUS: Record<AppErrorKind, number> = { not_found: 404, forbidden: 403, conflict: 409, invalid: 400 };

export function statusOf(error: AppError): number {
  return STATUS[error.kind];
}

/** The response for an AppError: its status, and its message for the error page to show. */
export function appErrorResponse(error: AppError): Response {
  const status = statusOf(error);
  return new Response(error.message, {
    status,
    statusText: { 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 409: "Conflict" }[status],
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

type Handler = (args: never) => unknown;

/**
 * The database is restarting or out of reach: 503 with Retry-After, so a load balancer, a monitor
 * or a script knows to try again, and the person sees the error page that says what they saved
 * before is kept. The change that failed was rolled back whole (tests/faults/).
 */
export function databaseUnavailableResponse(): Response {
  return new Response("The service is unavailable for a moment. Try again in a minute.", {
    status: 503,
    statusText: "Service Unavailable",
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "30" },
  });
}

/**
 * Wraps a loader or action so that an AppError it throws is thrown on as its Response, and a lost
 * database as a 503.
 */
export function withAppErrorResponse<H extends Handler>(handler: H): H {
  const wrapped = async (...args: Parameters<H>) => {
    try {
      return await (handler as (...a: Parameters<H>) => unknown)(...args);
    } catch (error) {
      if (isAppError(error)) throw appErrorResponse(error);
      if (isDatabaseUnavailable(error)) {
        console.error(`Database unavailable: ${(error as Error).message}`);
        throw databaseUnavailableResponse();
      }
      throw error;
    }
  };
  return wrapped as unknown as H;
}

/** The build with every route's loader and action wrapped by withAppErrorResponse. */
export function withAppErrorResponses(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const module = { ...route.module };
    if (module.loader) module.loader = withAppErrorResponse(module.loader);
    if (module.action) module.action = withAppErrorResponse(module.action);
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

/**
 * Awaits a service call for a form: an error meant for the form comes back as `{ ok: false, error }`
 * for `formError`: one the person can correct (invalid, conflict), or a refusal the service
 * addressed to a field of the form; anything else (not found, a refusal of the whole page) is
 * thrown on, to become its error page.
 */
export async function attempt<T>(call: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    if (isAppError(error, "invalid") || isAppError(error, "conflict")) return { ok: false, error };
    if (isAppError(error, "forbidden") && error.field !== undefined) return { ok: false, error };
    throw error;
  }
}

/**
 * The action's answer for a correctable error: the form's errors (each field's message, or the one
 * message against its field or against `fallbackField` when it names none) with what the person typed, status 400 or 409.
 */
export function formError(error: AppError, values: FormValues, fallbackField = "form") {
  const errors: FieldErrors = error.fields ?? { [error.field ?? fallbackField]: error.message };
  return data({ errors, values }, { status: statusOf(error) });
}
