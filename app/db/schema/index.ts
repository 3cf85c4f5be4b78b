// The whole schema, re-exported from one place (drizzle-kit and the db client read this).
export * from "./org";
export * from "./auth";
export * from "./audit";
export * from "./competences";
export * from "./courses";
export * from "./hr";
export * from "./legal";
export * from "./sso";
export * from "./events";
export * from "./authoring";
export * from "./mail";
export * from "./badges";
