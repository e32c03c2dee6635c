/** This package packed by `npm pack` from a copy of its sources without dist/, as a fresh checkout packs it. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root, from the compiled test's directory. */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..", "..");

/** What a checkout holds at its top that `npm pack` must not read: a previous build, git, scratch files. */
const NOT_SOURCE = new Set(["dist", ".git", ".scratch"]);

/**
 * Copies the repository's sources into `workDir/source` (its node_modules linked, not copied: npm pack packs
 * none of it, but tsc needs it) and runs `npm pack` there, so the `prepare` script builds dist/ from nothing.
 * Packing a copy, not the repository, keeps the build off the dist/ this mocha process runs from.
 * Returns the tarball's path.
 */
export function packFromSources(workDir: string, env: NodeJS.ProcessEnv): string {
    const source = path.join(workDir, "source");
    fs.cpSync(PACKAGE_ROOT, source, {
        recursive: true,
        filter: from => {
            const segments = path.relative(PACKAGE_ROOT, from).split(path.sep);
            // Installed packages anywhere (examples/basic may have its own) and local tarballs are not sources.
            return !NOT_SOURCE.has(segments[0]) && !segments.includes("node_modules") && !from.endsWith(".tgz");
        },
    });
    fs.symlinkSync(path.join(PACKAGE_ROOT, "node_modules"), path.join(source, "node_modules"), "dir");
    const packed = spawnSync("npm", ["pack", "--json", "--pack-destination", workDir], {
        cwd: source,
        env,
        encoding: "utf8",
    });
    if (packed.status !== 0) {
        throw new Error(`npm pack failed (${packed.status}): ${packed.stderr}`);
    }
    // prepare's own output goes to stderr or is piped away; stdout holds only the JSON report.
    const [report] = JSON.parse(packed.stdout) as { filename: string }[];
    return path.join(workDir, report.filename);
}
