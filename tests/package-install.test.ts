/** The packed tarball installed into a Pulumi program (examples/basic) as a user installs it: require, types, bin and one @pulumi/pulumi. */
import { SpawnSyncReturns, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { npmEnvironment } from "./support/npm-environment";
import { PACKAGE_ROOT, packFromSources } from "./support/packed-package";
import { Manifest, REPOSITORY_LOCKFILE, programLockfile } from "./support/program-lockfile";

const EXAMPLE = path.join(PACKAGE_ROOT, "examples", "basic");
/** The platform stack's example, type-checked with the same installation (its dependencies are the same). */
const POOL_EXAMPLE = path.join(PACKAGE_ROOT, "examples", "pool");

describe("package install from the packed tarball", function () {
    // npm pack builds dist/ in a copy (tsc, ~10 s on an idle machine) and npm ci unpacks ~300 packages.
    this.timeout(300_000);
    const env = npmEnvironment();
    let workDir: string;
    let tarball: string;
    let program: string;
    let ownManifest: Manifest;

    /** Runs `command` in the program directory; fails the test with its output unless it exits 0. */
    function run(command: string, args: string[]): SpawnSyncReturns<string> {
        const result = spawnSync(command, args, { cwd: program, env, encoding: "utf8" });
        expect(result.status, `${command} ${args.join(" ")}:\n${result.stdout}\n${result.stderr}`).to.equal(0);
        return result;
    }

    before(() => {
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "scope-ingress-install-"));
        tarball = packFromSources(workDir, env);
        ownManifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8"));

        // The program is examples/basic, copied as a user copies it, with the tarball in place of the one
        // `npm pack` writes at the repository root.
        program = path.join(workDir, "program");
        fs.cpSync(EXAMPLE, program, {
            recursive: true,
            filter: from => !/node_modules|package-lock\.json/.test(path.relative(EXAMPLE, from)),
        });
        const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(program, "package.json"), "utf8"));
        const spec = `file:../${path.basename(tarball)}`;
        manifest.dependencies = { ...manifest.dependencies, [ownManifest.name]: spec };
        fs.writeFileSync(path.join(program, "package.json"), JSON.stringify(manifest, null, 2));
        const lockfile = programLockfile(manifest, { manifest: ownManifest, spec, file: tarball }, REPOSITORY_LOCKFILE);
        fs.writeFileSync(path.join(program, "package-lock.json"), JSON.stringify(lockfile, null, 2));

        // --offline: every package comes from the cache the repository's npm ci filled, never the network.
        // --ignore-scripts: @pulumi/kubernetes's install script fetches its plugin with the pulumi CLI; this
        // package has no install-time script (prepare runs for git and directory sources, not tarballs).
        run("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"]);
    });

    after(() => {
        if (workDir) {
            fs.rmSync(workDir, { recursive: true, force: true });
        }
    });

    it("packs the built JavaScript, its declarations and the bin, and no tests, benchmarks, demo or sources", () => {
        const listed = spawnSync("tar", ["-tzf", tarball], { encoding: "utf8" });
        expect(listed.status, listed.stderr).to.equal(0);
        const files = listed.stdout
            .trim()
            .split("\n")
            .map(f => f.replace(/^package\//, ""));
        expect(files).to.include.members([
            "package.json",
            "dist/index.js",
            "dist/index.d.ts",
            "dist/provider/balancer-assignment-provider.js",
            "dist/provider/balancer-assignment-provider.d.ts",
            ownManifest.bin!["scope-ingress"].replace(/^\.\//, ""),
        ]);
        expect(
            files.filter(
                f => /(^|\/)(tests|bench|demo|node_modules)\//.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")),
            ),
        ).to.deep.equal([]);
    });

    it("is the package a Pulumi program's require finds, with ScopeIngress and the provider entry point", () => {
        const script = `console.log(JSON.stringify({
            main: require.resolve("pulumi-scope-ingress"),
            provider: require.resolve("pulumi-scope-ingress/provider"),
            scopeIngress: typeof require("pulumi-scope-ingress").ScopeIngress,
        }))`;
        const found = JSON.parse(run(process.execPath, ["-e", script]).stdout);
        const installed = fs.realpathSync(path.join(program, "node_modules", "pulumi-scope-ingress"));
        expect(found).to.deep.equal({
            main: path.join(installed, "dist", "index.js"),
            provider: path.join(installed, "dist", "provider", "balancer-assignment-provider.js"),
            scopeIngress: "function",
        });
    });

    it("is what examples/basic depends on: the tarball npm pack writes at the repository root, with no repo-only .npmrc", () => {
        const example: Manifest = JSON.parse(fs.readFileSync(path.join(EXAMPLE, "package.json"), "utf8"));
        expect(example.dependencies![ownManifest.name]).to.equal(`file:../../${path.basename(tarball)}`);
        expect(path.basename(tarball)).to.equal(`${ownManifest.name}-${ownManifest.version}.tgz`);
        expect(fs.existsSync(path.join(EXAMPLE, ".npmrc"))).to.equal(false);
    });

    it("type-checks examples/basic against the shipped declarations, with no paths mapping to this repository", () => {
        const tsconfig = fs.readFileSync(path.join(program, "tsconfig.json"), "utf8");
        expect(tsconfig).not.to.contain("paths");
        // The program's own TypeScript, as the user's `tsc` or `pulumi up` would run it.
        const listed = run(process.execPath, [
            path.join("node_modules", "typescript", "bin", "tsc"),
            "-p",
            ".",
            "--noEmit",
            "--listFiles",
        ]).stdout;
        const files = listed
            .trim()
            .split("\n")
            .map(f => path.resolve(f));
        const root = fs.realpathSync(program);
        expect(files).to.include(path.join(root, "node_modules", "pulumi-scope-ingress", "dist", "index.d.ts"));
        expect(files.filter(f => !f.startsWith(root + path.sep))).to.deep.equal([]);
    });

    it("type-checks examples/pool, the platform stack, against the same declarations: its dependencies are examples/basic's", () => {
        const manifests = [EXAMPLE, POOL_EXAMPLE].map(
            dir => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Manifest,
        );
        expect(manifests[1].dependencies).to.deep.equal(manifests[0].dependencies);
        expect(manifests[1].devDependencies).to.deep.equal(manifests[0].devDependencies);
        // A folder inside the program: its imports resolve from the program's node_modules, as they would from its own.
        const platform = path.join(program, "platform");
        fs.mkdirSync(platform);
        for (const file of ["index.ts", "tsconfig.json"]) {
            fs.copyFileSync(path.join(POOL_EXAMPLE, file), path.join(platform, file));
        }
        const listed = run(process.execPath, [
            path.join("node_modules", "typescript", "bin", "tsc"),
            "-p",
            "platform",
            "--noEmit",
            "--listFiles",
        ]).stdout;
        const root = fs.realpathSync(program);
        expect(
            listed
                .trim()
                .split("\n")
                .map(f => path.resolve(f)),
        ).to.include(path.join(root, "node_modules", "pulumi-scope-ingress", "dist", "index.d.ts"));
    });

    it("links the scope-ingress bin, which prints its help and exits 0", () => {
        const help = run(path.join(program, "node_modules", ".bin", "scope-ingress"), ["--help"]).stdout;
        expect(help).to.match(/^Usage: scope-ingress/);
    });

    it("shares one @pulumi/pulumi between the program and the package: npm ls finds one copy, and both require it", () => {
        const parseable = run("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable", "--offline"]).stdout;
        const copies = [...new Set(parseable.trim().split("\n"))];
        expect(copies).to.deep.equal([path.join(fs.realpathSync(program), "node_modules", "@pulumi", "pulumi")]);
        const script = `const fromPackage = require.resolve("@pulumi/pulumi", { paths: [require.resolve("pulumi-scope-ingress")] });
            console.log(fromPackage === require.resolve("@pulumi/pulumi"))`;
        expect(run(process.execPath, ["-e", script]).stdout.trim()).to.equal("true");
    });
});
