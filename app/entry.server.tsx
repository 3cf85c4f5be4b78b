// Server entry: streams the React render with the request's CSP nonce. Its named exports
// (startup, shutdown, metrics) are what scripts/server.mjs calls on the built bundle.
import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { logger } from "~/ops/logger.server";
import { NonceProvider } from "~/shell/nonce";

export { runCleanup, startup, shutdown } from "~/startup.server";
export { metricsText, observeRequest, setMetricRoutes } from "~/ops/metrics.server";
export { withDatabaseErrors } from "~/ops/database-errors.server";

const ABORT_DELAY = 5_000;

/**
 * The render's bytes as React writes them, less the NUL bytes React 18 leaves at the end of a
 * chunk: it encodes into 2 KB buffers and, when a multi-byte character ("ä", "−") does not fit
 * the rest of one, sends the whole buffer with its 1 to 3 unwritten zero bytes (facebook/react
 * #24985, fixed by #26228 in React 19 only; 18.3.1 still has it). Text can hold no NUL of its own
 * (PostgreSQL refuses it in text), so trailing zeros of a chunk are always this. Remove with React 19.
 */
function withoutTrailingNul() {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let end = chunk.length;
      while (end > 0 && chunk[end - 1] === 0) end--;
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}

/** Pages and data responses carry personal data: no browser or proxy may keep them (unless a route says otherwise). */
function noStore(headers: Headers) {
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
}

export function handleDataRequest(response: Response) {
  noStore(response.headers);
  return response;
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const respond = () => {
      shellRendered = true;
      const body = withoutTrailingNul();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      noStore(responseHeaders);
      resolve(
        new Response(createReadableStreamFromReadable(body), {
          headers: responseHeaders,
          status: responseStatusCode,
        }),
      );
      pipe(body);
    };
    // The stock template never clears this timer, which keeps every request's render alive for
    // seconds under load (stack-notes.md); we clear it as soon as rendering is done.
    const timer = setTimeout(() => abort(), ABORT_DELAY);
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          if (!waitForAll) respond();
        },
        onAllReady() {
          clearTimeout(timer);
          if (waitForAll) respond();
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error({ err: error }, "render error");
        },
      },
    );
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  logger.error({ err: error, path: new URL(request.url).pathname }, "unhandled error");
}
