// A mail for each in-app notification (e.g. "your role now requires more"), queued in the
// transaction that writes the notification; notifications.mailed_at records that it was queued.
import { competenceName, formatDate } from "./labels";
import type { RequirementsRaised } from "./notifications.server";
import { translator } from "~/i18n/i18n";
import { appOrigin, layout, mailLocale } from "~/mail/compose.server";
import { enqueueMails, optedOut, recipientsOf, type OutboxEntry } from "~/mail/outbox.server";

export async function mailRaisedRequirements(
  db: Parameters<typeof enqueueMails>[0],
  rows: { id: string; authorityId: string; personId: string; details: RequirementsRaised; createdAt: Date }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const to = await recipientsOf(db, rows.map((r) => r.personId));
  const off = await optedOut(db, rows.map((r) => r.personId), "requirements.raised");
  const entries: OutboxEntry[] = rows.flatMap((n) => {
    const r = to.get(n.personId);
    if (!r || off.has(n.personId)) return [];
    const locale = mailLocale(r.locale);
    const t = translator(locale);
    const body = layout(locale, {
      name: r.name,
      paragraphs: [
        t("competences.notifications.raised", { role: n.details.roleTitle, date: formatDate(n.createdAt, locale) }),
        ...n.details.competences.map((c) => t("competences.notifications.item", { name: competenceName(c.competenceId, locale), from: c.from, to: c.to, current: c.current })),
      ],
      link: { href: `${appOrigin()}/profile`, label: t("competences.notifications.toProfile") },
    });
    return [
      {
        authorityId: n.authorityId,
        personId: n.personId,
        kind: "requirements.raised",
        dedupeKey: `notification:${n.id}`,
        toAddress: r.email,
        toName: r.name,
        locale,
        mail: { subject: t("mail.raised.subject", { role: n.details.roleTitle }), ...body, attachments: [] },
      },
    ];
  });
  return enqueueMails(db, entries);
}
