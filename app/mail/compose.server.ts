// Mail composition: one plain-text and one accessible HTML body per mail, in the recipient's
// language, with a link into Horizont. Header values never carry line breaks (header injection).
import { translator, isLocale, type Locale } from "~/i18n/i18n";
import { getEnv } from "~/env.server";
import type { MailAttachment } from "~/db/schema";

export interface ComposedMail {
  subject: string;
  textBody: string;
  htmlBody: string;
  attachments: MailAttachment[];
}

/** Removes control characters (CR, LF, TAB …) so a name can never start a new header line. */
export function headerSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function mailLocale(locale: string | null | undefined): Locale {
  return isLocale(locale) ? locale : "de";
}

/** The public origin of Horizont for links in mails (APP_ORIGIN, else the local port). */
export function appOrigin(): string {
  const env = getEnv();
  return (env.APP_ORIGIN ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

/** A due date (yyyy-mm-dd) as the recipient reads it. */
export function formatDue(dueOn: string, locale: Locale): string {
  const [y, m, d] = dueOn.split("-").map(Number);
  return new Intl.DateTimeFormat(locale === "de" ? "de-DE" : "en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** Wraps paragraphs and one link into the text and HTML bodies every mail shares. */
export function layout(
  locale: Locale,
  input: { name: string; paragraphs: string[]; items?: { text: string; href?: string }[]; link: { href: string; label: string } },
): { textBody: string; htmlBody: string } {
  const t = translator(locale);
  const greeting = t("mail.greeting", { name: headerSafe(input.name) });
  const items = input.items ?? [];
  const textItems = items.length ? [...items.map((i) => (i.href ? `- ${i.text}: ${i.href}` : `- ${i.text}`)), ""] : [];
  const textBody = [
    greeting,
    "",
    ...input.paragraphs.flatMap((p) => [p, ""]),
    ...textItems,
    `${input.link.label}: ${input.link.href}`,
    "",
    t("mail.closing"),
    "",
    "--",
    t("mail.footer"),
    "",
  ].join("\n");
  const htmlItems = items.length
    ? `<ul>\n${items.map((i) => `<li>${i.href ? `<a href="${escapeHtml(i.href)}" style="color: #0b4f8a; text-decoration: underline;">${escapeHtml(i.text)}</a>` : escapeHtml(i.text)}</li>`).join("\n")}\n</ul>\n`
    : "";
  const htmlBody = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(t("app.name"))}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; background: #ffffff;">
<main>
<p>${escapeHtml(greeting)}</p>
${input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${htmlItems}<p><a href="${escapeHtml(input.link.href)}" style="color: #0b4f8a; text-decoration: underline;">${escapeHtml(input.link.label)}</a></p>
<p>${escapeHtml(t("mail.closing"))}</p>
</main>
<footer><p style="font-size: 14px; color: #444444;">${escapeHtml(t("mail.footer"))}</p></footer>
</body></html>
`;
  return { textBody, htmlBody };
}
