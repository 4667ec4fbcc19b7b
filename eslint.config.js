// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // Generated files are checked by the drift check, not by style rules.
  { ignores: ["generated/", "dist/", "coverage/", "node_modules/", "test/fixtures/", ".scratch/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Private Node internals and V8 code caches break on Node releases; the package is tested on
    // several. Underscored members are the internals' naming convention.
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name=/^_/]",
          message: "No private runtime internals (underscored members such as Module._cache).",
        },
        {
          selector: "Identifier[name=/^(cachedData|createCachedData)$/]",
          message: "No hand-made V8 code caches.",
        },
        {
          selector:
            "MemberExpression:matches([object.name='process'][property.name='binding'], [object.name='Module'][property.name='wrap'])",
          message: "No private runtime internals (process.binding, Module.wrap).",
        },
      ],
    },
  },
  { files: ["**/*.js", "**/*.mjs", "**/*.cjs"], ...tseslint.configs.disableTypeChecked },
  // Plain-JavaScript files here run on Node (scripts/run.mjs, bench preloads).
  {
    files: ["**/*.mjs"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        Response: "readonly",
        performance: "readonly",
        setImmediate: "readonly",
      },
    },
  },
  // The consumers the runtime tests run on Node, Bun, Deno and workerd: web-platform globals.
  {
    files: ["test/package/consumer/*"],
    languageOptions: {
      globals: {
        AbortController: "readonly",
        setTimeout: "readonly",
        process: "readonly",
        console: "readonly",
        require: "readonly",
      },
    },
    // consumer.cjs is the CommonJS consumer: require() is what it tests.
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
