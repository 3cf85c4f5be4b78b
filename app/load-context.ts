// What scripts/server.mjs hands every loader and action besides the request.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    requestId: string;
    clientAddress: string;
  }
}

export {};

declare module "@remix-run/node" {
  // Single fetch types: loaders and actions return data as-is (see remix.config.js).
  interface Future {
    v3_singleFetch: true;
  }
}
