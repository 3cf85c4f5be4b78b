// Only same-site paths are followed after sign-in or a language switch.
//
// Browsers drop tab and newline characters from URLs and read "\" as "/", so a prefix check is
// not enough: the value is refused when it holds any control character, and otherwise parsed
// against a placeholder origin; only a result on that same origin is followed, and what is
// followed is the normalised path, query and fragment (never the raw string).
const PLACEHOLDER = "http://horizont.invalid";
// C0 controls, DEL, C1 controls, and the bidi/invisible formatting characters.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2000) return fallback;
  if (!to.startsWith("/") || UNSAFE.test(to) || to.includes("\\")) return fallback;
  let url: URL;
  try {
    url = new URL(to, PLACEHOLDER);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER) return fallback;
  const target = url.pathname + url.search + url.hash;
  // "/%2F%2Fevil" stays a path here, but a second decoding elsewhere must not turn it into "//".
  if (target.startsWith("//")) return fallback;
  return target;
}
