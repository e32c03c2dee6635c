import { AlbFixtures } from "../support/alb-fixtures";
import { AWS_TEST_ENV, useAwsEndpoint } from "../support/aws-test-env";
import { FaultProxy } from "../support/fault-proxy";
import { motoServer, stopMotoServer } from "../support/moto-server";

/** moto with the fault proxy in front, the code under test pointed at the proxy. */
export interface BenchWorld {
    proxy: FaultProxy;
    albs: AlbFixtures;
}

/** Runs `bench` against a fresh moto + proxy and tears both down; exits non-zero on failure. */
export function runBench(bench: (world: BenchWorld) => Promise<void>): void {
    (async () => {
        Object.assign(process.env, AWS_TEST_ENV);
        const moto = await motoServer();
        const proxy = await FaultProxy.start(moto.url);
        useAwsEndpoint(proxy.url);
        try {
            await bench({ proxy, albs: new AlbFixtures(moto.url) });
        } finally {
            await proxy.close();
            await stopMotoServer();
        }
    })().catch(err => {
        console.error(err);
        process.exit(1);
    });
}

export { plainTable } from "../../cli/plain-table";

/** Milliseconds `run` takes. */
export async function wallMs(run: () => Promise<unknown>): Promise<number> {
    const start = process.hrtime.bigint();
    await run();
    return Number(process.hrtime.bigint() - start) / 1e6;
}
