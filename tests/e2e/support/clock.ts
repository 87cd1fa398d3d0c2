// The test clock (the `cric_test_now` cookie, honoured only with TEST_HOOKS on) the lifecycle
// project uses once the demo challenge and its extensions have closed: it closes the demo
// challenge and opens the next one, whose entries open on 5 January 2028. Journeys that run after
// it (the hostile-input test) use the same moment to reach that challenge.
export const AFTER_DEMO_CHALLENGE = "2028-01-10T12:00:00Z";
