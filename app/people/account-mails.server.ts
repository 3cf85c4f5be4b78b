// The welcome mail with a set-password link, queued in the transaction that created the account
// (by an admin or the HR import), so no link has to be handed out by hand.
import { translator } from "~/i18n/i18n";
import { hashToken } from "./accounts.server";
import { appOrigin, layout, mailLocale } from "~/mail/compose.server";
import { enqueueMails, recipientsOf } from "~/mail/outbox.server";

export async function mailSetPasswordLink(db: Parameters<typeof enqueueMails>[0], input: { authorityId: string; personId: string; token: string }): Promise<number> {
  const r = (await recipientsOf(db, [input.personId])).get(input.personId);
  if (!r) return 0;
  const locale = mailLocale(r.locale);
  const t = translator(locale);
  const href = `${appOrigin()}/set-password?token=${encodeURIComponent(input.token)}`;
  const body = layout(locale, { name: r.name, paragraphs: [t("mail.welcome.text"), t("mail.welcome.expiry")], link: { href, label: t("mail.welcome.link") } });
  return enqueueMails(db, [
    {
      authorityId: input.authorityId,
      personId: input.personId,
      kind: "account.welcome",
      // One per link: a new link (e.g. the old one expired) is a new mail. The key stays after
      // the body is removed, so it holds a hash of the token, never a part of it.
      dedupeKey: `account.welcome:${input.personId}:${hashToken(input.token).slice(0, 16)}`,
      toAddress: r.email,
      toName: r.name,
      locale,
      mail: { subject: t("mail.welcome.subject"), ...body, attachments: [] },
    },
  ]);
}
