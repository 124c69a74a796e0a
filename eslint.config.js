// Typed linting for every TypeScript file of the workspace (typescript-eslint with type information).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/gen/**",
      "benchmarks/results/**",
      "**/.scratch/**",
      // A user's project, type-checked by its own tsc against the installed tarballs in its test.
      "packages/cli/test/fixtures/install-app/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["test", "it", "describe", "suite"] },
          ],
        },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@rayx/*/internal", "@rayx/*/internal/*", "@rayx/*/src/*"],
              message: "Import a package's public entry point, never its internals.",
            },
            {
              group: ["**/packages/*/src/**"],
              message: "Import a sibling package by its name (@rayx/...), not by path.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The dashboard's browser app: ES modules the browser loads as they are.
    files: ["packages/dashboard/ui/**/*.js"],
    languageOptions: { globals: globals.browser },
  },
);
