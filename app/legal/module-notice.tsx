// The module page's Rechtsstand: the date the content was last checked against the law, the
// norms it relies on, and (when HR recorded a change of one of them) the revision notice.
import { useTranslation } from "react-i18next";
import { formatDate } from "~/competences/labels";

export interface ModuleLegalStatus {
  reviewedAt: string | null;
  legalBasis: string[];
  notices: { id: string; norm: string; effectiveOn: string; note: string }[];
}

export function RechtsstandLine({ status }: { status: ModuleLegalStatus }) {
  const { t, i18n } = useTranslation();
  if (!status.legalBasis.length && !status.reviewedAt) return null;
  const date = status.reviewedAt ? t("legal.module.reviewedAt", { date: formatDate(status.reviewedAt, i18n.language) }) : t("legal.module.notReviewed");
  return (
    <li className="rechtsstand">
      {date}
      {status.legalBasis.length ? ` · ${t("legal.module.basis", { norms: status.legalBasis.join("; ") })}` : null}
    </li>
  );
}

export function RevisionNotice({ status }: { status: ModuleLegalStatus }) {
  const { t, i18n } = useTranslation();
  if (!status.notices.length) return null;
  return (
    <div className="notice notice--warn revision-notice" role="status" aria-labelledby="revision-notice-title">
      <p id="revision-notice-title">
        <strong>{t("legal.module.noticeTitle")}</strong>
      </p>
      <ul>
        {status.notices.map((n) => (
          <li key={n.id}>{t("legal.module.noticeItem", { norm: n.norm, date: formatDate(n.effectiveOn, i18n.language), note: n.note })}</li>
        ))}
      </ul>
      <p>{t("legal.module.noticeHint")}</p>
    </div>
  );
}

/** A small mark beside a module in lists (course page, "Mein Lernen"). */
export function RevisionBadge({ revising, module }: { revising: readonly string[]; module: string }) {
  const { t } = useTranslation();
  if (!revising.includes(module)) return null;
  return <span className="badge badge--warn">{t("legal.module.badge")}</span>;
}
