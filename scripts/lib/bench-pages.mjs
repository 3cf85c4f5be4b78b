// The pages `npm run bench` measures (scripts/bench.mjs), shared with scripts/memory-profile.mjs
// so that the memory profile drives exactly the bench's mix.

/**
 * The measured pages, one line each. `as`: the demo account to sign in with (null: anonymous).
 * `target`: the goal for this page (ratio to B2 at 20 connections; median / p95 in ms at
 * one connection). A page that cannot be measured (sign-in fails, or it does not answer 200) fails the run.
 * Large-authority pages (profile, team of 300, HR report of 15,000) use the accounts that
 * scripts/generate-large-authority.ts creates (member@, lead@ and hr@grossstadt.example).
 */
export const pages = [
  { name: "B1 resource route (text)", path: "/bench/text", as: null, baseline: "B1" },
  { name: "B2 minimal page in the layout", path: "/bench/page", as: null, baseline: "B2" },
  // The same page signed in: the root loader reads the session (the cost every signed-in page
  // pays). Signed-in pages are compared with this one.
  { name: "B2 signed in", path: "/bench/page", as: "anna.schmidt@musterstadt.example", baseline: "B2s" },
  { name: "sign-in page", path: "/login", as: null, target: { ratio: 0.8 } },
  { name: "start page (signed in)", path: "/", as: "anna.schmidt@musterstadt.example" },
  { name: "admin: accounts list", path: "/admin/accounts", as: "admin@musterstadt.example" },
  { name: "module page", path: "/courses/interkulturelle-grundlagen/kultur-als-orientierungssystem", as: "anna.schmidt@musterstadt.example", target: { ratio: 0.6 } },
  { name: "profile (member of the 300-member unit)", path: "/profile", as: "member@grossstadt.example", target: { median: 20 } },
  { name: "team page (300-member unit)", path: "/team", as: "lead@grossstadt.example", target: { median: 15, p95: 25 } },
  { name: "HR coverage report (15,000 people)", path: "/hr/coverage", as: "hr@grossstadt.example", target: { rps: 20, median: 100, p95: 200 } },
];
