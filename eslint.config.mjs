// @ts-check
// eslint with typescript-eslint's recommended rules, as pulumi/pulumi-eks lints its TypeScript. Layout is prettier's
// alone (`npm run format`): eslint-config-prettier comes after the rule sets and turns off anything that would fight it.
import eslint from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default defineConfig(
    // node_modules/ at any depth (examples/basic/node_modules too) is ignored by default.
    globalIgnores(["dist/", "coverage/", ".scratch/"]),
    {
        // A disable comment must name a rule that is on and would fire here.
        linterOptions: { reportUnusedDisableDirectives: "error" },
    },
    eslint.configs.recommended,
    tseslint.configs.recommended,
    {
        // Three type-aware rules, on the root tsconfig's one program: projectService, which also builds a second
        // program for examples/basic, took about twice the time and memory. examples/basic is one file that
        // `npm test` type-checks; it gets the rules above without type information.
        files: ["**/*.ts"],
        ignores: ["examples/**"],
        languageOptions: {
            parserOptions: {
                project: "./tsconfig.json",
                tsconfigRootDir: import.meta.dirname,
            },
        },
        rules: {
            // The provider, the CLI and the tests are mostly async AWS and gRPC calls: a promise nobody awaits is
            // an error nobody sees.
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-misused-promises": "error",
            "@typescript-eslint/await-thenable": "error",
        },
    },
    prettier,
    {
        // Not layout, so not prettier's; the code already keeps both (pulumi-eks enables them too).
        rules: {
            curly: "error",
            eqeqeq: ["error", "smart"],
            // Destructuring a key out to drop it (`const { a, ...rest } = o`) and `_`-named placeholders are deliberate.
            "@typescript-eslint/no-unused-vars": [
                "error",
                {
                    ignoreRestSiblings: true,
                    argsIgnorePattern: "^_",
                    varsIgnorePattern: "^_",
                    destructuredArrayIgnorePattern: "^_",
                },
            ],
        },
    },
    {
        // Tests reload modules to get a second copy of a class (require.cache), reach untyped engine stubs and API
        // bodies: require() and `any` are the honest types there. Product code keeps both rules.
        files: ["tests/**/*.ts"],
        rules: {
            "@typescript-eslint/no-require-imports": "off",
            "@typescript-eslint/no-explicit-any": "off",
        },
    },
);
