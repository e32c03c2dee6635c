/**
 * `npm run bench`, part 3: S stacks (one dynamic-provider host process each) placing N = 40 scopes each at once
 * into one pool of 4 ALBs, coordinated through one Kubernetes API server stand-in, with AWS behind the fault proxy.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { AWS_TEST_ENV } from "../support/aws-test-env";
import { DynamicProviderHost, dynamicUrn } from "../support/dynamic-provider-host";
import { KubernetesApiServer } from "../support/kubernetes-api-server";
import { captureSerializedProvider } from "../support/serialized-provider";
import { BenchWorld, plainTable, runBench, wallMs } from "./bench-world";

/** Added to every AWS request (as the other benches) and to every Kubernetes request: a round trip from a CI runner. */
const LATENCY_MS = 25;
const STACKS = [1, 4, 8];
const SCOPES_PER_STACK = 40;
const NAMES = ["bench-alb-0", "bench-alb-1", "bench-alb-2", "bench-alb-3"];
/** 4 x 80 = 320 = 8 x 40: at S = 8 the pool is filled exactly to the threshold, where one miscount shows. 80 is under AWS's 100. */
const MAX_RULES = 80;
const NAMESPACE = "scope-ingress";

/** What one run of S stacks measured. */
interface Run {
    stacks: number;
    ms: number;
    placed: Map<string, number>;
    failures: string[];
    kubeReads: number;
    kubeWrites: number;
    conflicts: number;
    /** Describe* requests of each stack, in stack order. */
    describes: number[];
}

/**
 * Wall time of `count` Node processes loading `@kubernetes/client-node` at once, as `count` coordinated stacks do
 * once each (an uncoordinated one never loads it): on this machine they share its cores, which real stacks, each
 * on its own CI runner, do not.
 */
async function clientLoadMs(count: number): Promise<number> {
    const run = promisify(execFile);
    return wallMs(() =>
        Promise.all(
            Array.from({ length: count }, () => run(process.execPath, ["-e", 'import("@kubernetes/client-node")'])),
        ),
    );
}

/** Starts `count` stacks, each signing its AWS requests with its own access key so the proxy tells them apart. */
async function startStacks(world: BenchWorld, kube: KubernetesApiServer, count: number) {
    return Promise.all(
        Array.from({ length: count }, (_, i) =>
            DynamicProviderHost.start({
                ...AWS_TEST_ENV,
                AWS_ACCESS_KEY_ID: `bench-stack-${i}`,
                AWS_ENDPOINT_URL: world.proxy.url,
                KUBECONFIG: kube.kubeconfigPath,
            }),
        ),
    );
}

/** Every stack creates its scopes, all at once, as S `pulumi up`s started together would. */
async function deploy(
    world: BenchWorld,
    kube: KubernetesApiServer,
    provider: string,
    count: number,
    coordinated: boolean,
): Promise<Run> {
    const hosts = await startStacks(world, kube, count);
    try {
        kube.reset();
        kube.latencyMs = LATENCY_MS;
        world.proxy.requests.length = 0;
        world.proxy.latencyMs = LATENCY_MS;
        const placed = new Map<string, number>(NAMES.map(name => [name, 0]));
        const failures: string[] = [];
        const ms = await wallMs(() =>
            Promise.all(
                hosts.flatMap((host, i) =>
                    Array.from({ length: SCOPES_PER_STACK }, async (_, j) => {
                        const urn = dynamicUrn(`stack-${i}-scope-${j}`);
                        const inputs = {
                            __provider: provider,
                            region: "us-east-1",
                            visibility: "internet-facing",
                            baseBalancer: NAMES[0],
                            additionalBalancers: NAMES.slice(1),
                            maxRules: MAX_RULES,
                            // Each scope adds a target group too: the bench is about rules, so target groups may
                            // reach AWS's limit of 100 (80 at S = 8) instead of the default threshold of 75.
                            maxTargetGroups: 100,
                            ...(coordinated && {
                                coordinationNamespace: NAMESPACE,
                                ownIngress: { namespace: `stack-${i}`, name: `scope-${j}` },
                            }),
                        };
                        try {
                            const checked = await host.check(urn, {}, inputs);
                            const created = await host.create(urn, checked.inputs);
                            const name = created.properties.balancerName as string;
                            placed.set(name, (placed.get(name) ?? 0) + 1);
                        } catch (err) {
                            failures.push((err as Error).message);
                        }
                    }),
                ),
            ),
        );
        const describes = hosts.map(
            (_, i) =>
                world.proxy.requests.filter(r => r.caller === `bench-stack-${i}` && r.action.startsWith("Describe"))
                    .length,
        );
        return {
            stacks: count,
            ms,
            placed,
            failures,
            kubeReads: kube.reads(),
            kubeWrites: kube.writes(),
            conflicts: kube.requests.filter(r => r.code === 409).length,
            describes,
        };
    } finally {
        world.proxy.latencyMs = 0;
        await Promise.all(hosts.map(h => h.stop()));
    }
}

runBench(async world => {
    for (const name of NAMES) {
        await world.albs.createBalancer({ name, listeners: [{ port: 443, rules: 0 }] });
    }
    const provider = await captureSerializedProvider();
    const kube = await KubernetesApiServer.start({ contextName: "bench-cluster" });
    try {
        // Today's cost in Describe requests of one stack's deployment, to compare each coordinated stack with.
        const today = await deploy(world, kube, provider, 1, false);
        const runs: Run[] = [];
        // The same S stacks without coordination: what S processes, the engine protocol and moto cost on this
        // machine by themselves, so the table shows what coordination adds to the wall time.
        const uncoordinatedMs = new Map<number, number>();
        const loadMs = new Map<number, number>();
        for (const s of STACKS) {
            uncoordinatedMs.set(s, (await deploy(world, kube, provider, s, false)).ms);
            loadMs.set(s, await clientLoadMs(s));
            runs.push(await deploy(world, kube, provider, s, true));
        }
        const table = plainTable([
            "S stacks",
            "scopes",
            "wall ms",
            "uncoordinated",
            "client load",
            "k8s reads",
            "k8s writes",
            "409s",
            "writes / placement",
            "Describe per stack",
            "rules per ALB after",
            `any ALB over ${MAX_RULES}?`,
        ]);
        for (const run of runs) {
            const after = [...run.placed.values()];
            const succeeded = after.reduce((a, b) => a + b, 0);
            table.push([
                run.stacks,
                run.stacks * SCOPES_PER_STACK,
                run.ms.toFixed(0),
                uncoordinatedMs.get(run.stacks)!.toFixed(0),
                loadMs.get(run.stacks)!.toFixed(0),
                run.kubeReads,
                run.kubeWrites,
                run.conflicts,
                (run.kubeWrites / Math.max(succeeded, 1)).toFixed(2),
                [...new Set(run.describes)].join(", "),
                after.join(" / ") + (run.failures.length ? ` (${run.failures.length} failed)` : ""),
                after.some(r => r > MAX_RULES) ? "YES" : "no",
            ]);
        }
        console.log(
            `S stacks, each its own dynamic-provider host, placing ${SCOPES_PER_STACK} scopes each at once with coordinationNamespace ` +
                `into ${NAMES.length} empty ALBs (maxRules ${MAX_RULES}, 1 rule per scope), ${LATENCY_MS} ms added per AWS ` +
                `and per Kubernetes request, one run each. Without coordination one stack makes ${today.describes[0]} Describe requests ` +
                `for its ${SCOPES_PER_STACK} scopes (${today.ms.toFixed(0)} ms). uncoordinated: wall ms of the same S stacks without ` +
                `coordinationNamespace (they overfill), the machine's own cost. client load: wall ms of S processes loading ` +
                `@kubernetes/client-node at once, which each coordinated stack does once and an uncoordinated one never.`,
        );
        console.log(table.toString());
        const byStacks = new Map(runs.map(r => [r.stacks, r]));
        const s4 = byStacks.get(4)!;
        const s4Placed = [...s4.placed.values()].reduce((a, b) => a + b, 0);
        const targets: [string, boolean, string][] = [
            [
                `no ALB over ${MAX_RULES}`,
                runs.every(r => [...r.placed.values()].every(n => n <= MAX_RULES)),
                runs.map(r => `S=${r.stacks}: max ${Math.max(...r.placed.values())}`).join(", "),
            ],
            [
                "every scope placed",
                runs.every(r => r.failures.length === 0),
                runs.map(r => `S=${r.stacks}: ${r.failures.length} failed`).join(", ") +
                    (runs.some(r => r.failures.length)
                        ? `; first: ${runs.find(r => r.failures.length)!.failures[0]}`
                        : ""),
            ],
            [
                "<= 2 Kubernetes writes per placement at S = 4",
                s4.kubeWrites / s4Placed <= 2,
                `${s4.kubeWrites} writes / ${s4Placed} placements = ${(s4.kubeWrites / s4Placed).toFixed(2)}`,
            ],
            [
                "Describe requests per stack unchanged from today",
                runs.every(r => r.describes.every(d => d === today.describes[0])),
                `today ${today.describes[0]}; ` +
                    runs.map(r => `S=${r.stacks}: ${[...new Set(r.describes)].join(", ")}`).join("; "),
            ],
            [
                "wall time at S = 8 <= 2 x S = 1",
                byStacks.get(8)!.ms <= 2 * byStacks.get(1)!.ms,
                `${byStacks.get(8)!.ms.toFixed(0)} ms vs 2 x ${byStacks.get(1)!.ms.toFixed(0)} ms`,
            ],
        ];
        for (const [target, met, measured] of targets) {
            console.log(`${met ? "met   " : "MISSED"}  ${target}: ${measured}`);
        }
    } finally {
        await kube.close();
    }
});
