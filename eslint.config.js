// Lint: TypeScript's recommended rules and the rules of hooks.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** `import { z } from "zod"` ships all of zod with every locale to the browser (see below). */
const slimZod = {
  selector: "ImportDeclaration[source.value=/^zod(\\/v4)?$/] > :matches(ImportSpecifier[imported.name='z'], ImportDefaultSpecifier)",
  message: 'Use `import * as z from "zod"`: the `z` object ships all of zod and its locales to the browser.',
};

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", ".cache/**", "node_modules/**", "data/**", "*.tmp.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Database code stays out of the browser: route modules, components and every other module
    // the client bundle can reach get their data from `*.server.ts` domain functions. Only
    // `~/db/*.server` modules (removed from the client build with the loaders) and erased
    // `import type` are allowed. tests/client-bundle.test.ts proves the result on a real build.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    ignores: ["app/**/*.server.ts", "app/**/*.server.tsx", "app/db/**", "app/**/*.test.ts", "app/**/*.test.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "drizzle-orm", message: "Database code belongs in a *.server.ts domain function.", allowTypeImports: true },
            { name: "postgres", message: "Database code belongs in a *.server.ts module.", allowTypeImports: true },
            { name: "@electric-sql/pglite", message: "Database code belongs in a *.server.ts module.", allowTypeImports: true },
          ],
          patterns: [
            {
              group: ["drizzle-orm/*", "~/db/*", "!~/db/*.server", "**/db/schema", "**/db/schema/*"],
              message: "Routes and components must not import the schema or drizzle (it ships every table to the browser): call a *.server.ts domain function.",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Evidence is written only by writeEvidence (app/competences/evidence.server.ts), so every
    // write goes the one way that is documented to keep the table of current levels right
    // (docs/decisions/015). Raw SQL against evidence is caught by review, not by this rule.
    //
    // Slim client chunks: `import { z } from "zod"` (or the default import) makes esbuild ship
    // the whole zod namespace with every locale (454 KB); `import * as z from "zod"` lets it keep
    // only what the schemas use. tests/client-bundle.test.ts asserts the byte budgets. Both rules
    // share one no-restricted-syntax entry: a later block would replace an earlier one's options.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    ignores: ["app/**/*.test.ts", "app/**/*.test.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        slimZod,
        {
          selector: "CallExpression[callee.property.name=/^(insert|update|delete)$/] > Identifier.arguments[name='evidence']",
          message: "Write evidence through writeEvidence (or recordEvidence/revokeEvidence) in ~/competences/evidence.server.",
        },
      ],
    },
  },
  {
    // The one evidence writer itself keeps only the zod rule.
    files: ["app/competences/evidence.server.ts"],
    rules: { "no-restricted-syntax": ["error", slimZod] },
  },
);
