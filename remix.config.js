/** Remix v2 on the classic compiler (see docs/decisions/001-classic-remix-compiler.md). */
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  // Overridable so that tests/client-bundle.test.ts can build into a folder of its own.
  assetsBuildDirectory: process.env.REMIX_ASSETS_BUILD_DIR ?? "public/build",
  serverBuildPath: process.env.REMIX_SERVER_BUILD_PATH ?? "build/index.js",
  cacheDirectory: process.env.REMIX_CACHE_DIR ?? ".cache",
  serverPlatform: "node",
  // Native and WASM packages stay external: they are loaded from node_modules at run time.
  serverDependenciesToBundle: [],
  browserNodeBuiltinsPolyfill: { modules: {} },
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
};
