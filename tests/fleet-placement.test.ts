/** Several stacks placing scopes into one pool at the same time, each in its own dynamic-provider process: with and without coordination. */
import { expect } from "chai";
import { reservationConfigMapName } from "../core/reservation-records";
import { Stack, useFleet } from "./support/fleet-world";

const NAMES = ["alb-0", "alb-1", "alb-2"];
const POOL = {
    region: "us-east-1",
    visibility: "internet-facing",
    baseBalancer: "alb-0",
    additionalBalancers: NAMES.slice(1),
    maxRules: 4,
};
const NAMESPACE = "scope-ingress";

interface Outcome {
    placed: Record<string, number>;
    failures: string[];
    created: { stack: Stack; created: Awaited<ReturnType<Stack["create"]>> }[];
}

describe("stacks deploying into one pool at once, each through its own dynamic-provider host", function () {
    this.timeout(120_000);
    const world = useFleet();

    beforeEach(async () => {
        for (const name of NAMES) {
            await world.albs.createBalancer({ name, listeners: [{ port: 443, rules: 0 }] });
        }
    });

    /** Every stack creates its `perStack` scopes, all stacks and scopes started together. */
    async function deployAll(stacks: Stack[], perStack: number, extra: Record<string, unknown> = {}): Promise<Outcome> {
        const results = await Promise.all(
            stacks.map(stack =>
                Promise.allSettled(
                    Array.from({ length: perStack }, async (_, j) => ({
                        stack,
                        created: await stack.create(`scope-${j}`, {
                            ...POOL,
                            ...extra,
                            ...(extra.coordinationNamespace !== undefined && {
                                ownIngress: { namespace: stack.name, name: `scope-${j}` },
                            }),
                        }),
                    })),
                ),
            ),
        );
        const outcome: Outcome = { placed: {}, failures: [], created: [] };
        for (const r of results.flat()) {
            if (r.status === "fulfilled") {
                outcome.created.push(r.value);
                const name = r.value.created.outputs.balancerName as string;
                outcome.placed[name] = (outcome.placed[name] ?? 0) + 1;
            } else {
                outcome.failures.push((r.reason as Error).message);
            }
        }
        return outcome;
    }

    it("overfills without coordination (6 stacks x 2 scopes, 3 empty ALBs, maxRules 4: 6/6/0), and fills exactly 4/4/4 with coordinationNamespace", async () => {
        const stacks = await world.stacks(6);
        const alone = await deployAll(stacks, 2);
        expect(alone.failures).to.deep.equal([]);
        // Each stack alone spreads its two scopes and breaks the tie the same way: alb-0, then alb-1.
        expect(alone.placed).to.deep.equal({ "alb-0": 6, "alb-1": 6 });
        expect(Math.max(...Object.values(alone.placed))).to.be.above(4);
        expect(world.kube.requests, "no cluster call without coordination").to.deep.equal([]);

        // The same stacks destroy those scopes (their processes' ledgers are empty again) and deploy them coordinated.
        await Promise.all(alone.created.map(({ stack, created }) => stack.delete(created)));
        const coordinated = await deployAll(stacks, 2, { coordinationNamespace: NAMESPACE });
        expect(coordinated.failures).to.deep.equal([]);
        expect(coordinated.placed).to.deep.equal({ "alb-0": 4, "alb-1": 4, "alb-2": 4 });
        for (const name of NAMES) {
            const cm = world.kube.object("configmaps", NAMESPACE, reservationConfigMapName("us-east-1", name));
            expect(Object.keys(cm?.data as object), name).to.have.length(4);
        }
        const conflicts = world.kube.requests.filter(r => r.resource === "configmaps" && r.code === 409).length;
        // A round writes each chosen ALB's ConfigMap once, whatever it places there: at most one write per placement,
        // plus one per conflict lost.
        expect(world.kube.writes("configmaps")).to.be.at.most(12 + conflicts);
    });

    it("places the scopes waiting in one process in one round, one ConfigMap write per ALB, without passing maxRules", async () => {
        const [stack] = await world.stacks(1);
        // A round trip long enough that every create has arrived while the first round reads the cluster.
        world.kube.latencyMs = 150;
        const outcome = await deployAll([stack], 11, { coordinationNamespace: NAMESPACE });
        expect(outcome.failures).to.have.length(0);
        expect(Object.values(outcome.placed).sort()).to.deep.equal([3, 4, 4]);
        // One write per ALB in the round that placed most, then at most one per placement that came later.
        const writes = world.kube.writes("configmaps");
        expect(writes, "fewer writes than placements").to.be.below(11);
        for (const name of NAMES) {
            const cm = world.kube.object("configmaps", NAMESPACE, reservationConfigMapName("us-east-1", name));
            expect(Object.keys(cm?.data as object), name).to.have.length(outcome.placed[name]);
        }
    });

    it("refuses the scopes beyond 4/4/4 with the capacity error listing every ALB, and no ALB passes 4", async () => {
        const outcome = await deployAll(await world.stacks(6), 3, { coordinationNamespace: NAMESPACE });
        expect(outcome.placed).to.deep.equal({ "alb-0": 4, "alb-1": 4, "alb-2": 4 });
        expect(outcome.failures).to.have.length(6);
        for (const message of outcome.failures) {
            expect(message).to.contain(
                "No ALB in the internet-facing pool has room for 1 more listener rule(s) under maxRules 4",
            );
            for (const name of NAMES) {
                expect(message).to.contain(`  ${name}: 4 rules`);
            }
        }
    });
});
