// Plain HTTP as a signed-in person, with no browser: the test hooks the end-to-end tests use to
// make people and scenarios (JSON), and the service's own forms (a form POST with the service's
// Origin, as a browser sends; the app refuses writes from other sites).

export interface Person {
  id: number;
  token: string;
  cookieName: string;
}

/** POST to a test hook (TEST_HOOKS=on): 201 with JSON, else an error with what it said. */
export async function testHook<T>(baseUrl: string, hook: string, body: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/test-hooks/${hook}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST /test-hooks/${hook} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** A person with a role and an open session (privileged roles get a fresh second factor). */
export async function createPerson(baseUrl: string, role: "staff" | "entrant", name?: string): Promise<Person> {
  const made = await testHook<{
    user: { id: number };
    session: { cookieName: string; token: string };
  }>(baseUrl, "users", { role, ...(name ? { name } : {}) });
  return { id: made.user.id, token: made.session.token, cookieName: made.session.cookieName };
}

export interface Answer {
  status: number;
  location: string | null;
  text: string;
  networkError: string | null;
}

/** A form POST as the person. Never throws: no answer at all comes back as `networkError`. */
export async function postForm(
  baseUrl: string,
  person: Person,
  path: string,
  form: Record<string, string>,
  timeoutMs = 30_000,
): Promise<Answer> {
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: {
        cookie: `${person.cookieName}=${person.token}`,
        origin: baseUrl,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(form).toString(),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    return {
      status: response.status,
      location: response.headers.get("location"),
      text: await response.text(),
      networkError: null,
    };
  } catch (error) {
    return { status: 0, location: null, text: "", networkError: String((error as Error).cause ?? error) };
  }
}
