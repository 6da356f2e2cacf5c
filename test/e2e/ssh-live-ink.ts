// Imported first by the SSH end-to-end tests, before anything loads Ink: Ink renders no live
// frames when CI is set (is-in-ci, read once at import), and the gateway under test runs in this
// test process, while .ci/run sets CI=true. A real `zuoxi server` is never started with it.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
