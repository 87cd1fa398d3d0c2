import { appErrorResponse } from "../../app/security/app-error-responses.server";
import { isAppError } from "../../app/services/app-error.server";

/**
 * What a call is refused with, as a person would be answered: a service's AppError becomes the
 * Response the request handler would send for it; a Response thrown by a guard is taken as it is.
 */
export async function refusalOf(call: Promise<unknown>): Promise<Response> {
  const thrown = await call.then(
    () => null,
    (error: unknown) => error,
  );
  if (isAppError(thrown)) return appErrorResponse(thrown);
  if (thrown instanceof Response) return thrown;
  throw new Error(`expected a refusal, but got ${thrown === null ? "an answer" : String(thrown)}`);
}
