/** The world of an AWS integration suite: moto, a fault proxy in front of it, and ALB fixtures. */
import { AlbFixtures } from "./alb-fixtures";
import { useAwsEndpoint } from "./aws-test-env";
import { FaultProxy } from "./fault-proxy";
import { MotoServer, motoServer } from "./moto-server";

/** What an AWS integration suite works with: moto, the fault proxy in front of it, and ALB fixtures. */
export interface AwsWorld {
    moto: MotoServer;
    proxy: FaultProxy;
    albs: AlbFixtures;
}

/**
 * Registers hooks in the calling `describe`: moto (shared, reset before each test), a fresh fault proxy
 * in front of it, and `AWS_ENDPOINT_URL` pointing the code under test at the proxy.
 */
export function useAwsWorld(): AwsWorld {
    const world = {} as AwsWorld;
    before(async function () {
        this.timeout(60_000);
        world.moto = await motoServer();
        world.proxy = await FaultProxy.start(world.moto.url);
        world.albs = new AlbFixtures(world.moto.url);
    });
    beforeEach(async () => {
        await world.moto.reset();
        world.albs.forgetNetwork();
        world.proxy.reset();
        useAwsEndpoint(world.proxy.url);
    });
    after(async () => {
        await world.proxy?.close();
    });
    return world;
}
