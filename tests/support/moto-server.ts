/** Starts moto once per test run on a free port, and stops it at the end. */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as net from "node:net";

/** A running `python3 -m moto.server` on a free loopback port, shared by every suite of one test run. */
export interface MotoServer {
    url: string;
    /** Forgets every resource (moto's reset API), so suites do not see each other's ALBs. */
    reset(): Promise<void>;
}

let started: Promise<{ server: MotoServer; child: ChildProcess }> | undefined;

/** Starts moto once per test run and returns it; fails loudly with an install hint when moto is missing. */
export async function motoServer(): Promise<MotoServer> {
    started ??= start();
    return (await started).server;
}

/** Stops moto if it was started (root `afterAll`). */
export async function stopMotoServer(): Promise<void> {
    if (started) {
        const { child } = await started;
        child.kill();
        started = undefined;
    }
}

async function start(): Promise<{ server: MotoServer; child: ChildProcess }> {
    const probe = spawnSync("python3", ["-c", "import moto.server, flask"], { encoding: "utf8" });
    if (probe.status !== 0) {
        throw new Error(
            "These tests need moto's server (the AWS stand-in): `python3 -m moto.server` is not available. " +
                `Install it with: pip install 'moto[server]'. (${(probe.stderr || String(probe.error)).trim().split("\n").pop()})`,
        );
    }
    const port = await freePort();
    const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
        stdio: ["ignore", "ignore", "pipe"],
        // ACM issues a requested certificate once it is validated; moto waits 60 s by default, and the certificate
        // discovery the tests exercise reads ISSUED certificates only.
        env: { ...process.env, MOTO_ACM_VALIDATION_WAIT: "0" },
    });
    let stderr = "";
    child.stderr!.on("data", chunk => {
        stderr = (stderr + chunk).slice(-4000);
    });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    while (!(await responds(url))) {
        if (child.exitCode !== null || Date.now() > deadline) {
            child.kill();
            throw new Error(`moto server did not start on ${url}: ${stderr}`);
        }
        await new Promise(r => setTimeout(r, 100));
    }
    child.unref();
    const reset = async () => {
        const res = await fetch(`${url}/moto-api/reset`, { method: "POST" });
        if (!res.ok) {
            throw new Error(`moto reset failed: ${res.status}`);
        }
    };
    return { server: { url, reset }, child };
}

async function responds(url: string): Promise<boolean> {
    try {
        return (await fetch(`${url}/moto-api/`)).ok;
    } catch {
        return false;
    }
}

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const { port } = srv.address() as net.AddressInfo;
            srv.close(() => resolve(port));
        });
    });
}
