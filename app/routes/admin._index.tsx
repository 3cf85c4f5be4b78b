// /admin opens the accounts list.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requirePermission } from "~/auth/access.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:administration:any");
  return redirect("/admin/accounts");
}

// A component makes this a page route, so a refusal renders the 403 page in the layout.
export default function AdminIndex() {
  return null;
}
