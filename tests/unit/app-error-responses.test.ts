import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import {
  attempt,
  formError,
  withAppErrorResponse,
  withAppErrorResponses,
} from "../../app/security/app-error-responses.server";
import {
  AppError,
  conflict,
  forbidden,
  invalid,
  invalidFields,
  isAppError,
  notFound,
} from "../../app/services/app-error.server";

async function thrownBy(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("a service's AppError, as the route answers it", () => {
  it.each([
    [notFound(), 404],
    [forbidden(), 403],
    [conflict("Someone else has just changed this payment."), 409],
    [invalid("Enter an amount of £15,000 or less", "amount"), 400],
  ])("%s becomes status %i, carrying the message for the person", async (error, status) => {
    const response = await thrownBy(withAppErrorResponse(async () => Promise.reject(error)));
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(status);
    expect(await (response as Response).text()).toBe(error.message);
  });

  it("passes anything else through untouched", async () => {
    const redirect = new Response(null, { status: 302, headers: { Location: "/sign-in" } });
    expect(await thrownBy(withAppErrorResponse(() => Promise.reject(redirect)))).toBe(redirect);
    const bug = new TypeError("a bug");
    expect(await thrownBy(withAppErrorResponse(() => Promise.reject(bug)))).toBe(bug);
    expect(await withAppErrorResponse(async () => "the page")()).toBe("the page");
  });

  it.each([
    ["refused", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    [
      "ended by a restart",
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
    ],
    ["still starting", Object.assign(new Error("the database system is starting up"), { code: "57P03" })],
    ["cut", new Error("Connection terminated unexpectedly")],
    ["no free connection in time", new Error("timeout exceeded when trying to connect")],
  ])("a database that is unavailable (%s) becomes 503 with Retry-After", async (_, error) => {
    const response = (await thrownBy(withAppErrorResponse(() => Promise.reject(error)))) as Response;
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("30");
    expect(await response.text()).toContain("Try again in a minute");
  });

  it("a query the database refused is not mistaken for an outage", async () => {
    const refused = Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" });
    expect(await thrownBy(withAppErrorResponse(() => Promise.reject(refused)))).toBe(refused);
  });

  it("wraps every loader and action of the build, and nothing else", async () => {
    const build = {
      routes: {
        a: { id: "a", path: "a", module: { loader: () => Promise.reject(notFound()), default: "component" } },
        b: { id: "b", path: "b", module: { action: () => Promise.reject(forbidden()) } },
      },
    } as unknown as ServerBuild;
    const wrapped = withAppErrorResponses(build);
    const loader = wrapped.routes.a!.module.loader!;
    const action = wrapped.routes.b!.module.action!;
    expect(((await thrownBy(() => loader({} as never))) as Response).status).toBe(404);
    expect(((await thrownBy(() => action({} as never))) as Response).status).toBe(403);
    expect(wrapped.routes.a!.module.default).toBe("component");
    expect(wrapped.routes.b!.module.loader).toBeUndefined();
  });
});

describe("a form's correctable errors", () => {
  it("hands back invalid and conflict errors and throws the rest on", async () => {
    const outcome = await attempt(Promise.reject(invalid("Enter a reason", "reason")));
    expect(outcome).toMatchObject({ ok: false, error: { kind: "invalid", field: "reason" } });
    expect(await attempt(Promise.resolve(42))).toEqual({ ok: true, value: 42 });
    await expect(attempt(Promise.reject(notFound()))).rejects.toMatchObject({ kind: "not_found" });
    // A refusal is the 403 page, unless the service addressed it to a field of the form.
    await expect(attempt(Promise.reject(forbidden()))).rejects.toMatchObject({ kind: "forbidden" });
    const own = await attempt(Promise.reject(forbidden("Ask another member of staff", "form")));
    expect(own).toMatchObject({ ok: false, error: { kind: "forbidden", field: "form" } });
    if (!own.ok) expect(formError(own.error, {}).init?.status).toBe(403);
  });

  it("shows the message against its field (or the form) and keeps what was typed", () => {
    const answer = formError(conflict("This round has closed"), { reason: "typed" });
    expect(answer.init?.status).toBe(409);
    expect(answer.data).toEqual({ errors: { form: "This round has closed" }, values: { reason: "typed" } });
    expect(formError(invalid("Too long", "reason"), {}).data.errors).toEqual({ reason: "Too long" });
    const both = invalidFields({ amount: "Enter an amount", paidOn: "Enter a date" });
    expect(both.message).toBe("Enter an amount");
    expect(formError(both, {}).data.errors).toEqual({ amount: "Enter an amount", paidOn: "Enter a date" });
  });
});

describe("an AppError from the other bundle", () => {
  it("is still known for what it is (the Remix build and the server each carry a copy of the class)", async () => {
    // A query string makes the module loader evaluate the file again: a second copy of the class.
    const secondCopy = "../../app/services/app-error.server?other-bundle";
    const { AppError: OtherCopy } = (await import(/* @vite-ignore */ secondCopy)) as { AppError: typeof AppError };
    const fromElsewhere = new OtherCopy("not_found", "Page not found");
    expect(fromElsewhere).not.toBeInstanceOf(AppError);
    expect(isAppError(fromElsewhere, "not_found")).toBe(true);
    const response = await thrownBy(withAppErrorResponse(() => Promise.reject(fromElsewhere)));
    expect((response as Response).status).toBe(404);
  });
});
