/** Proves the package root is exactly README.md's "Public API" table: its runtime exports, its declarations, and what a program may import. */
import { expect } from "chai";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";

/** dist/tests -> the repository root: the package a user's program finds as `node_modules/pulumi-scope-ingress`. */
const ROOT = path.join(__dirname, "..", "..");
const PACKAGE = "pulumi-scope-ingress";

const KINDS = ["class", "function", "type", "interface", "error"] as const;
type Kind = (typeof KINDS)[number];

/** One row of the README's export table. */
interface Documented {
    name: string;
    kind: Kind;
}

/**
 * Internal names a program must not import from the root, each with the module that has it, so that the refusal
 * proves the root hides them, not that they do not exist. `undefined`: a type, absent at run time.
 */
const INTERNALS: Record<string, string | undefined> = {
    elbv2Client: "provider/aws-clients",
    route53Client: "provider/aws-clients",
    errorText: "provider/aws-errors",
    processLedger: "provider/process-ledger",
    balancerAssignmentProvider: "provider/balancer-assignment-provider",
    resolveScopeIngressArgs: "components/scope-ingress-args",
    buildIngressManifest: "components/ingress-manifest",
    resolveRuleLimits: "core/rule-limits",
    renderProblem: "core/problems",
    Problems: "core/problems",
    SCHEMA_VERSION: "core/assignment-contract",
    AssignmentInputs: undefined,
};

/** The section of README.md whose heading is `## <heading>`, up to the next `## ` heading. */
function readmeSection(readme: string, heading: string): string {
    const section = readme.split(/^## /m).find(s => s.startsWith(`${heading}\n`));
    if (section === undefined) {
        throw new Error(`README.md has no "## ${heading}" section`);
    }
    return section;
}

/** The export table of the README's "Public API" section; every row must name one export and a known kind. */
function documentedExports(readme: string): Documented[] {
    const rows = readmeSection(readme, "Public API")
        .split("\n")
        .filter(line => line.startsWith("| `"));
    return rows.map(row => {
        const match = /^\| `([A-Za-z_$][\w$]*)` \| (\w+) \|/.exec(row);
        if (match === null || !(KINDS as readonly string[]).includes(match[2])) {
            throw new Error(`README.md "Public API" row is not "| \`name\` | ${KINDS.join("/")} | ... |": ${row}`);
        }
        return { name: match[1], kind: match[2] as Kind };
    });
}

/** The TypeScript code block of a README section. */
function readmeCodeBlock(readme: string, heading: string): string {
    const block = /```ts\n([\s\S]*?)```/.exec(readmeSection(readme, heading));
    if (block === null) {
        throw new Error(`README.md "## ${heading}" has no ts code block`);
    }
    return block[1];
}

/** A run-time export's kind: a class deriving from `Error` is an error. */
function runtimeKind(value: unknown): Kind | string {
    if (typeof value !== "function") {
        return typeof value;
    }
    if (!/^class\b/.test(Function.prototype.toString.call(value))) {
        return "function";
    }
    return value.prototype instanceof Error ? "error" : "class";
}

/** A declared export's kind as the compiler sees it; a class and an error are both classes. */
function declaredKind(checker: ts.TypeChecker, symbol: ts.Symbol): string {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const flags = target.flags;
    return flags & ts.SymbolFlags.Class
        ? "class"
        : flags & ts.SymbolFlags.Function
          ? "function"
          : flags & ts.SymbolFlags.Interface
            ? "interface"
            : flags & ts.SymbolFlags.TypeAlias
              ? "type"
              : `other (symbol flags ${flags})`;
}

const isValue = (d: Documented) => d.kind === "class" || d.kind === "function" || d.kind === "error";

describe("public API: the package root is README.md's export table", function () {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const documented = documentedExports(readme);
    const values = documented.filter(isValue).map(d => d.name);
    const types = documented.filter(d => !isValue(d)).map(d => d.name);
    let programDir: string;
    let program: ts.Program;
    let consumerFiles: { everything: string; readmeExample: string; internals: string };

    before(function () {
        this.timeout(120_000);
        // A program directory as a user has it: its node_modules holds the package (here, linked to this repository).
        programDir = fs.mkdtempSync(path.join(os.tmpdir(), "scope-ingress-public-api-"));
        fs.mkdirSync(path.join(programDir, "node_modules"));
        fs.symlinkSync(ROOT, path.join(programDir, "node_modules", PACKAGE), "dir");
        fs.writeFileSync(
            path.join(programDir, "package.json"),
            JSON.stringify({ name: "consumer", private: true, type: "commonjs" }),
        );
        consumerFiles = {
            everything: path.join(programDir, "everything.ts"),
            readmeExample: path.join(programDir, "readme-example.ts"),
            internals: path.join(programDir, "internals.ts"),
        };
        fs.writeFileSync(
            consumerFiles.everything,
            [
                `import { ${values.join(", ")} } from "${PACKAGE}";`,
                `import type { ${types.join(", ")} } from "${PACKAGE}";`,
                // Used as values and as types, so a type listed as a class (or the reverse) fails to compile.
                `export const values = [${values.join(", ")}];`,
                `export type Types = [${types.join(", ")}];`,
                "",
            ].join("\n"),
        );
        fs.writeFileSync(
            consumerFiles.readmeExample,
            `${readmeCodeBlock(readme, "The placement engine")}\nexport { placeThree };\n`,
        );
        // One import per name, so each refusal is its own diagnostic.
        fs.writeFileSync(
            consumerFiles.internals,
            Object.keys(INTERNALS)
                .map(name => `import { ${name} } from "${PACKAGE}";\n`)
                .join(""),
        );
        const { options, errors } = ts.convertCompilerOptionsFromJson(
            {
                target: "ES2022",
                module: "node20",
                moduleResolution: "node16",
                strict: true,
                skipLibCheck: true,
                noEmit: true,
                types: [],
            },
            programDir,
        );
        expect(errors.map(e => ts.flattenDiagnosticMessageText(e.messageText, "\n"))).to.deep.equal([]);
        program = ts.createProgram(Object.values(consumerFiles), options);
    });

    after(function () {
        if (programDir !== undefined) {
            fs.rmSync(programDir, { recursive: true, force: true });
        }
    });

    /** The diagnostics of one consumer file, as text. */
    function diagnosticsOf(file: string): string[] {
        const source = program.getSourceFile(file)!;
        return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map(
            d => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
        );
    }

    it("lists every name once, with one of the kinds class, function, type, interface, error", function () {
        expect(documented.length).to.be.greaterThan(0);
        const names = documented.map(d => d.name);
        expect(
            names.filter((name, i) => names.indexOf(name) !== i),
            "listed twice",
        ).to.deep.equal([]);
        expect(values).to.include.members([
            "ScopeIngress",
            "BalancerAssignment",
            "placeScope",
            "CapacityExhaustedError",
            "InvalidInputError",
        ]);
        expect(types).to.include.members(["ScopeIngressArgs", "BalancerAssignmentArgs", "AssignmentOutputs"]);
    });

    it("the root's run-time exports are exactly the table's classes, functions and errors, each of its kind", function () {
        const root = createRequire(path.join(programDir, "index.js"))(PACKAGE) as Record<string, unknown>;
        expect(Object.keys(root).sort()).to.deep.equal([...values].sort());
        const kinds = Object.fromEntries(Object.keys(root).map(name => [name, runtimeKind(root[name])]));
        expect(kinds).to.deep.equal(Object.fromEntries(documented.filter(isValue).map(d => [d.name, d.kind])));
    });

    it("the root's declarations export exactly the table's names, each of its kind", function () {
        const source = program.getSourceFile(consumerFiles.everything)!;
        const checker = program.getTypeChecker();
        const specifier = source.statements.filter(ts.isImportDeclaration)[0].moduleSpecifier;
        const root = checker.getSymbolAtLocation(specifier);
        expect(root, `${PACKAGE} resolves to a module`).to.not.equal(undefined);
        const declared = Object.fromEntries(
            checker.getExportsOfModule(root!).map(s => [s.name, declaredKind(checker, s)]),
        );
        expect(declared).to.deep.equal(
            Object.fromEntries(documented.map(d => [d.name, d.kind === "error" ? "class" : d.kind])),
        );
    });

    it("a program that imports every documented name, and the README's engine example, compile", function () {
        expect(diagnosticsOf(consumerFiles.everything)).to.deep.equal([]);
        expect(diagnosticsOf(consumerFiles.readmeExample)).to.deep.equal([]);
    });

    it("a program that imports an internal name from the root does not compile, one error per name", function () {
        // Each of these exists in its own module, so the refusal is the root's doing.
        for (const [name, module] of Object.entries(INTERNALS)) {
            if (module !== undefined) {
                expect(require(path.join(ROOT, "dist", module)), `${module} exports ${name}`).to.have.property(name);
            }
        }
        const diagnostics = diagnosticsOf(consumerFiles.internals);
        expect(diagnostics).to.have.length(Object.keys(INTERNALS).length);
        for (const name of Object.keys(INTERNALS)) {
            expect(
                diagnostics.filter(
                    d =>
                        d.includes(`has no exported member named '${name}'`) ||
                        d.includes(`has no exported member '${name}'`),
                ),
                `the refusal of ${name} in ${diagnostics.join("\n")}`,
            ).to.have.length(1);
        }
    });
});
