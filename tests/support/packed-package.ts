/** This package packed by `npm pack` from a copy of its sources without dist/, as a fresh checkout packs it. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root, from the compiled test's directory. */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..", "..");

/** What a checkout holds that `npm pack` must not read: installed packages, a previous build, git, local tarballs. */
const NOT_SOURCE = new Set(["node_modules", "dist", ".git", ".scratch"]);

/**
 * Copies the repository's sources into `workDir/source` (its node_modules linked, not copied: npm pack never
 * reads it but tsc needs it) and runs `npm pack` there, so the `prepare` script builds dist/ from nothing.
 * Packing a copy, not the repository, keeps the build off the dist/ this mocha process runs from.
 * Returns the tarball's path.
 */
export function packFromSources(workDir: string, env: NodeJS.ProcessEnv): string {
    const source = path.join(workDir, "source");
    fs.cpSync(PACKAGE_ROOT, source, {
        recursive: true,
        filter: from => {
            const relative = path.relative(PACKAGE_ROOT, from);
            return !NOT_SOURCE.has(relative.split(path.sep)[0]) && !relative.endsWith(".tgz");
        },
    });
    fs.symlinkSync(path.join(PACKAGE_ROOT, "node_modules"), path.join(source, "node_modules"), "dir");
    const packed = spawnSync("npm", ["pack", "--json", "--pack-destination", workDir], { cwd: source, env, encoding: "utf8" });
    if (packed.status !== 0) {
        throw new Error(`npm pack failed (${packed.status}): ${packed.stderr}`);
    }
    // prepare's own output goes to stderr or is piped away; stdout holds only the JSON report.
    const [report] = JSON.parse(packed.stdout) as { filename: string }[];
    return path.join(workDir, report.filename);
}
