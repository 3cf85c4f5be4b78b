// /admin opens the accounts list.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireRole } from "~/auth/access.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return redirect("/admin/accounts");
}
