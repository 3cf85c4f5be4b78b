// The whole schema, re-exported from one place (drizzle-kit and the db client read this).
export * from "./org";
export * from "./auth";
export * from "./audit";
export * from "./competences";
export * from "./courses";
export * from "./hr";
