// Liveness and readiness: 200 when the database answers, 503 when it does not.
import { getDatabase } from "~/db/client.server";

export async function loader() {
  const headers = { "Content-Type": "application/json", "Cache-Control": "no-store" };
  try {
    await getDatabase().ping(2000);
    return new Response(JSON.stringify({ status: "ok", database: "up" }), { status: 200, headers });
  } catch {
    return new Response(JSON.stringify({ status: "unavailable", database: "down" }), { status: 503, headers });
  }
}
