/** A package-lock.json for a temporary program, cut from this repository's lockfile, so `npm ci --offline` installs it from the npm cache. */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** The fields of a package.json this module reads. */
export interface Manifest {
    name: string;
    version?: string;
    license?: string;
    bin?: Record<string, string>;
    engines?: Record<string, string>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** A package the program installs from a local tarball rather than from the registry. */
export interface LocalTarball {
    manifest: Manifest;
    /** The `file:` spec, relative to the program directory, exactly as the program's package.json gives it. */
    spec: string;
    /** Where the tarball is, to compute the integrity npm checks it against. */
    file: string;
}

type LockEntry = Manifest & {
    integrity?: string;
    resolved?: string;
    dev?: boolean;
    devOptional?: boolean;
    peer?: boolean;
    optional?: boolean;
};

/**
 * The lockfile npm would write for `program` if it resolved it against the same registry versions this
 * repository's package-lock.json holds: every package the program and `local` need, at the place the
 * repository's lockfile puts it.
 *
 * Why not let npm resolve: `npm install` of a package with peer dependencies reads the peers' full registry
 * documents, which an `npm ci` never stores in the cache, so offline it fails; `npm ci` from a complete
 * lockfile reads only tarballs, which the repository's own `npm ci` cached. npm still checks the result:
 * `npm ci` refuses a lockfile out of sync with package.json, and `npm ls` fails on any unmet dependency.
 */
export function programLockfile(program: Manifest, local: LocalTarball, repositoryLockfile: string): object {
    const repo = JSON.parse(fs.readFileSync(repositoryLockfile, "utf8")).packages as Record<string, LockEntry>;
    const packages: Record<string, LockEntry> = {
        "": { name: program.name, dependencies: program.dependencies, devDependencies: program.devDependencies },
    };
    const localPath = `node_modules/${local.manifest.name}`;
    const { name: _name, ...localFields } = pick(local.manifest);
    packages[localPath] = { ...localFields, resolved: local.spec, integrity: integrityOf(local.file) } as LockEntry;

    const pending: { from: string; name: string; optional: boolean }[] = [];
    const needs = (from: string, entry: Manifest) => {
        for (const [name, optional] of edges(entry)) {
            pending.push({ from, name, optional });
        }
    };
    needs("", {
        name: program.name,
        dependencies: withoutKey(program.dependencies, local.manifest.name),
        devDependencies: program.devDependencies,
    });
    needs(localPath, local.manifest);
    while (pending.length > 0) {
        const { from, name, optional } = pending.pop()!;
        const found = resolveIn(repo, from, name);
        if (found === undefined) {
            if (optional) {
                continue;
            }
            throw new Error(
                `${name}, needed by ${from || "the program"}, is not in ${repositoryLockfile}; add it to the repository's devDependencies so its npm ci caches it`,
            );
        }
        if (found in packages) {
            continue;
        }
        // The repository's dev/peer flags describe its own tree, not the program's; npm recomputes them.
        const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = repo[found];
        packages[found] = entry;
        needs(found, entry);
    }
    return { name: program.name, lockfileVersion: 3, requires: true, packages };
}

/** Every dependency edge of a package: name and whether a missing target is allowed. */
function edges(entry: Manifest): [string, boolean][] {
    const meta = entry.peerDependenciesMeta ?? {};
    return [
        ...Object.keys(entry.dependencies ?? {}).map((n): [string, boolean] => [n, false]),
        ...Object.keys(entry.devDependencies ?? {}).map((n): [string, boolean] => [n, false]),
        ...Object.keys(entry.optionalDependencies ?? {}).map((n): [string, boolean] => [n, true]),
        ...Object.keys(entry.peerDependencies ?? {}).map((n): [string, boolean] => [n, meta[n]?.optional === true]),
    ];
}

/** Where Node's resolution from the package at `from` finds `name` in a lockfile's tree: nearest node_modules first. */
function resolveIn(packages: Record<string, unknown>, from: string, name: string): string | undefined {
    let base = from;
    for (;;) {
        const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
        if (candidate in packages) {
            return candidate;
        }
        if (base === "") {
            return undefined;
        }
        const parent = base.lastIndexOf("/node_modules/");
        base = parent < 0 ? "" : base.slice(0, parent);
    }
}

/** The lockfile fields of a package's own manifest. */
function pick(m: Manifest): Manifest {
    const {
        name,
        version,
        license,
        bin,
        engines,
        dependencies,
        optionalDependencies,
        peerDependencies,
        peerDependenciesMeta,
    } = m;
    return JSON.parse(
        JSON.stringify({
            name,
            version,
            license,
            bin,
            engines,
            dependencies,
            optionalDependencies,
            peerDependencies,
            peerDependenciesMeta,
        }),
    );
}

function withoutKey(record: Record<string, string> | undefined, key: string): Record<string, string> {
    const { [key]: _omitted, ...rest } = record ?? {};
    return rest;
}

/** The `sha512-…` integrity npm records for a tarball. */
function integrityOf(file: string): string {
    return `sha512-${createHash("sha512").update(fs.readFileSync(file)).digest("base64")}`;
}

/** The repository's package-lock.json, from the compiled test's directory. */
export const REPOSITORY_LOCKFILE = path.resolve(__dirname, "..", "..", "..", "package-lock.json");
