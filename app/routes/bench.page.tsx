// Benchmark baseline B2: a minimal server-rendered page in the app's layout that reads nothing
// from the database (no viewer either), the floor of any page. Served only when BENCH_ROUTES=1.
import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/shell/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "ops.benchTitle");

export function loader() {
  if (process.env.BENCH_ROUTES !== "1") throw new Response("Not Found", { status: 404 });
  return null;
}

export default function BenchPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("ops.benchTitle")}</h1>
      <p>{t("ops.benchText")}</p>
    </div>
  );
}
