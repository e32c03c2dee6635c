/** Runs the built CLI as a child process against a pool of ALBs in moto behind the fault proxy. */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { AlbFixtures, CreatedBalancer } from "./alb-fixtures";
import { useAwsEndpoint } from "./aws-test-env";
import { FaultProxy } from "./fault-proxy";
import { motoServer } from "./moto-server";

/** The built binary, as `npx scope-ingress` runs it (dist/tests/support -> dist/cli/main.js). */
export const CLI_PATH = path.join(__dirname, "..", "..", "cli", "main.js");

/** What one run of the CLI produced. */
export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * Runs the CLI as a child process with this process's environment (fake credentials, fixed region,
 * `AWS_ENDPOINT_URL` at the fault proxy) plus `env`; a variable set to `undefined` is removed. Its
 * stdout and stderr are pipes, never a TTY, as in CI.
 */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
    const childEnv = { ...process.env, ...env };
    for (const [key, value] of Object.entries(env)) {
        if (value === undefined) {
            delete childEnv[key];
        }
    }
    return new Promise((resolve, reject) => {
        execFile(process.execPath, [CLI_PATH, ...args], { env: childEnv, timeout: 30_000 }, (err, stdout, stderr) => {
            const code = err ? (err as { code?: unknown }).code : 0;
            if (typeof code !== "number") {
                reject(new Error(`scope-ingress ${args.join(" ")} did not exit normally: ${err?.message}\n${stderr}`));
                return;
            }
            resolve({ code, stdout, stderr });
        });
    });
}

/**
 * The pool every CLI test reads, created once per suite (each CLI run is a separate process, so the
 * fixtures are the slow part): four ALBs with known counts behind the fault proxy.
 */
export interface CliWorld {
    proxy: FaultProxy;
    albs: Record<"alb-a" | "alb-b" | "alb-c" | "alb-int", CreatedBalancer>;
}

/**
 * Registers hooks in the calling `describe`: moto reset once, the pool below created once, the proxy's
 * faults and request log cleared after each test.
 *
 * | ALB     | scheme          | rules (HTTP:80 + HTTPS:443) |
 * |---------|-----------------|-----------------------------|
 * | alb-a   | internet-facing | 15 + 25 = 40                |
 * | alb-b   | internet-facing | 2 + 3 = 5                   |
 * | alb-c   | internet-facing | 0 + 30 = 30 (443 only)      |
 * | alb-int | internal        | 4 (443 only)                |
 */
export function useCliWorld(): CliWorld {
    const world = {} as CliWorld;
    before(async function () {
        this.timeout(120_000);
        const moto = await motoServer();
        await moto.reset();
        world.proxy = await FaultProxy.start(moto.url);
        useAwsEndpoint(world.proxy.url);
        const fixtures = new AlbFixtures(moto.url);
        world.albs = {
            "alb-a": await fixtures.createBalancer({
                name: "alb-a",
                listeners: [
                    { port: 80, rules: 15 },
                    { port: 443, rules: 25 },
                ],
            }),
            "alb-b": await fixtures.createBalancer({
                name: "alb-b",
                listeners: [
                    { port: 80, rules: 2 },
                    { port: 443, rules: 3 },
                ],
            }),
            "alb-c": await fixtures.createBalancer({ name: "alb-c", listeners: [{ port: 443, rules: 30 }] }),
            "alb-int": await fixtures.createBalancer({
                name: "alb-int",
                scheme: "internal",
                listeners: [{ port: 443, rules: 4 }],
            }),
        };
    });
    afterEach(() => world.proxy.reset());
    after(async () => {
        await world.proxy?.close();
    });
    return world;
}
