// The problems the safety check or the compiler found in a module's text, each with its line and
// column, and the tool's own (English) wording behind a disclosure when the message translates it.
import { useTranslation } from "react-i18next";

/** A SafetyProblem (safe-mdx.server.ts) as it reaches the page. */
type Problem = { line: number; column: number; message: string; original?: string };

export function ProblemList({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation();
  return (
    <ul>
      {problems.map((p, i) => (
        <li key={i}>
          {t("authoring.editor.problem", p)}
          {p.original && p.original !== p.message ? (
            <details>
              <summary>{t("authoring.editor.original")}</summary>
              <code>{p.original}</code>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
