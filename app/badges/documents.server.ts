// The JSON-LD document loader of Horizont's credentials: contexts come from files in the repo
// (never the network), and the issuer, key and status list documents of this instance are built
// from the database. Anything else is unknown, so a credential naming a foreign context or key
// fails verification instead of making the server fetch it.
import credentialsV2 from "./contexts/credentials-v2.json";
import dataIntegrityV2 from "./contexts/data-integrity-v2.json";
import didV1 from "./contexts/did-v1.json";
import multikeyV1 from "./contexts/multikey-v1.json";
import obV3 from "./contexts/ob-v3p0-3.0.3.json";

export const contextUrls = {
  credentials: "https://www.w3.org/ns/credentials/v2",
  openBadges: "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
  dataIntegrity: "https://w3id.org/security/data-integrity/v2",
  multikey: "https://w3id.org/security/multikey/v1",
  did: "https://www.w3.org/ns/did/v1",
} as const;

const contexts = new Map<string, unknown>([
  [contextUrls.credentials, credentialsV2],
  [contextUrls.openBadges, obV3],
  [contextUrls.dataIntegrity, dataIntegrityV2],
  [contextUrls.multikey, multikeyV1],
  [contextUrls.did, didV1],
]);

/** A URL the loader does not serve: a foreign context, key or status list. */
export class UnknownDocumentError extends Error {
  constructor(readonly url: string) {
    super(`Unknown document: ${url.slice(0, 200)}`);
  }
}

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** Our own documents (issuer, key, status list) under `origin`, resolved without HTTP. */
export type LocalResolver = (path: string) => Promise<unknown | null>;

export function documentLoader(origin: string, local: LocalResolver): DocumentLoader {
  return async (url: string) => {
    const context = contexts.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: structuredClone(context) };
    if (url.startsWith(`${origin}/badges/`)) {
      const document = await local(new URL(url).pathname);
      if (document) return { contextUrl: null, documentUrl: url, document };
    }
    throw new UnknownDocumentError(url);
  };
}

/** True when the error (or one it wraps) is an unknown document. */
export function causedByUnknownDocument(err: unknown, seen = new Set<unknown>()): boolean {
  if (!err || typeof err !== "object" || seen.has(err)) return false;
  seen.add(err);
  if (err instanceof UnknownDocumentError) return true;
  const e = err as { cause?: unknown; errors?: unknown[]; details?: { cause?: unknown }; message?: unknown };
  if (typeof e.message === "string" && e.message.includes("Unknown document:")) return true;
  return [e.cause, e.details?.cause, ...(Array.isArray(e.errors) ? e.errors : [])].some((c) => causedByUnknownDocument(c, seen));
}
