// The team page as CSV (German Excel) or XLSX for a team meeting: resource route for leads,
// same unit access and privacy rules as /team; every export is written to the audit log.
import type { LoaderFunctionArgs } from "@remix-run/node";
import * as z from "zod";
import { requirePermission } from "~/auth/access.server";
import { audit } from "~/audit/audit.server";
import { teamUnitAccess } from "~/auth/access.server";
import { teamQuerySchema } from "~/competences/team";
import { teamExportTable } from "~/competences/team-export.server";
import { getDb } from "~/db/client.server";
import { tableToCsv, tableToXlsx } from "~/shell/tables.server";
import { translator } from "~/i18n/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { badRequest } from "~/shell/forms.server";

const formatSchema = z.enum(["csv", "xlsx"]);

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "read:team:own");
  const params = new URL(request.url).searchParams;
  const format = formatSchema.safeParse(params.get("format"));
  if (!format.success) throw badRequest();
  const query = teamQuerySchema.parse(Object.fromEntries(params));
  const db = getDb();
  const units = await teamUnitAccess(db, viewer, query.unit);
  const unit = units.find((u) => u.id === query.unit) ?? units[0];
  const locale = await resolveLocale(request, viewer.locale);
  const now = new Date();
  const table = await teamExportTable(db, { authorityId: viewer.authorityId, unitId: unit.id, unitName: unit.name, viewerId: viewer.id, query, at: now, t: translator(locale), locale });
  await audit(db, { authorityId: viewer.authorityId, actorId: viewer.id, action: "team.export", details: { unitId: unit.id, format: format.data, individual: table.individual, rows: table.rows.length } });
  const file = `horizont-team-${now.toISOString().slice(0, 10)}.${format.data}`;
  const headers = { "Content-Disposition": `attachment; filename="${file}"`, "Cache-Control": "no-store" };
  if (format.data === "csv") return new Response(tableToCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  return new Response(new Uint8Array(await tableToXlsx(table)), { headers: { ...headers, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } });
}
