// What every runtime must do with the packed package: one real call per outcome against the
// local test server. Shared by the Node, Bun and Deno consumers and the Worker, which pass in the
// package as they load it (import, require or a bundle).

/** Short enough for a quick test, long enough that a loaded machine still answers in time. */
const TIMEOUT_MS = 300;
const ABORT_AFTER_MS = 100;

/** An outcome as plain JSON: the value returned, or the error's class, status and kind. */
async function outcome(mixpeek, call) {
  try {
    return { value: await call() };
  } catch (error) {
    return {
      error: error.name,
      status: error.status,
      isMixpeekError: error instanceof mixpeek.MixpeekError,
      message: error.message,
    };
  }
}

export async function runScenarios(mixpeek, { baseUrl, apiKey, unansweredId }) {
  const client = mixpeek.createMixpeekClient({ apiKey, baseUrl, maxRetries: 0 });
  return {
    found: await outcome(mixpeek, () => client.getAuditLog("audit_123")),
    notFound: await outcome(mixpeek, () => client.getAuditLog("audit_missing")),
    timeout: await outcome(mixpeek, () =>
      client.getAuditLog(unansweredId, { timeoutMs: TIMEOUT_MS }),
    ),
    // Aborted after the call starts, not before.
    abort: await outcome(mixpeek, () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), ABORT_AFTER_MS);
      return client.getAuditLog(unansweredId, { signal: controller.signal });
    }),
  };
}
