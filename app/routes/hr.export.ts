// Exports (resource route): coverage, training demand or staffing as CSV (German Excel) or XLSX.
// Every export is written to the audit log.
import type { LoaderFunctionArgs } from "@remix-run/node";
import * as z from "zod";
import { requirePermission } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { getDb } from "~/db/client.server";
import { exportReports, exportTable } from "~/reports/export.server";
import { tableToCsv, tableToXlsx } from "~/shell/tables.server";
import { translator } from "~/i18n/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { badRequest } from "~/shell/forms.server";

const querySchema = z.object({
  report: z.enum(exportReports),
  format: z.enum(["csv", "xlsx"]),
  by: z.enum(["unit", "role"]).default("unit"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:report:any");
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw badRequest();
  const { report, format, by } = parsed.data;
  const locale = await resolveLocale(request, viewer.locale);
  const db = getDb();
  const now = new Date();
  const table = await exportTable(db, viewer.authorityId, report, { by, at: now, t: translator(locale), locale });
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "report.export", details: { report, format, by, rows: table.rows.length } });
  const stamp = now.toISOString().slice(0, 10);
  const file = `horizont-${report}-${stamp}.${format}`;
  const headers = { "Content-Disposition": `attachment; filename="${file}"`, "Cache-Control": "no-store" };
  if (format === "csv") return new Response(tableToCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  return new Response(new Uint8Array(await tableToXlsx(table)), { headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } });
}
