/**
 * `npm run bench`: wall time and request count of measuring K ALBs for placement (every quota dimension, the
 * account's limits and ACM's certificates) through the fault proxy with 25 ms added per request, for the engine and
 * for the original bash script's sequential approach.
 */
import {
    DescribeListenersCommand,
    DescribeLoadBalancersCommand,
    DescribeRulesCommand,
    ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { MeasurementCache } from "../../provider/measurement-cache";
import { measurePoolQuotas } from "../../provider/quota-measurement";
import { FaultProxy } from "../support/fault-proxy";
import { plainTable, runBench, wallMs } from "./bench-world";

const LATENCY_MS = 25;
const POOL_SIZES = [1, 5, 10, 20];
const RUNS = 5;

/** What resolve_balancer did: for each candidate in turn, find the ALB, its 443 listener, then its rules. */
async function sequentialBaseline(names: string[]): Promise<number[]> {
    const client = new ElasticLoadBalancingV2Client({});
    const counts = [];
    for (const name of names) {
        const lb = (await client.send(new DescribeLoadBalancersCommand({ Names: [name] }))).LoadBalancers![0];
        const listeners =
            (await client.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners ?? [];
        const https = listeners.find(l => l.Port === 443)!;
        const rules = (await client.send(new DescribeRulesCommand({ ListenerArn: https.ListenerArn }))).Rules ?? [];
        counts.push(rules.filter(r => !r.IsDefault).length);
    }
    client.destroy();
    return counts;
}

/** Median wall time of `RUNS` runs at the given proxy latency, and the requests one run makes. */
async function timed(
    proxy: FaultProxy,
    latencyMs: number,
    run: () => Promise<unknown>,
): Promise<{ ms: number; requests: number }> {
    proxy.latencyMs = latencyMs;
    const samples = [];
    let requests = 0;
    for (let i = 0; i < RUNS; i++) {
        proxy.requests.length = 0;
        samples.push(await wallMs(run));
        requests = proxy.count();
    }
    samples.sort((a, b) => a - b);
    return { ms: samples[Math.floor(RUNS / 2)], requests };
}

/**
 * moto answers one request at a time (about 4 ms each on this machine), which real AWS does not; so
 * the cost of round trips is the wall time at 25 ms per request minus the wall time at 0 ms.
 */
async function latencyCost(proxy: FaultProxy, run: () => Promise<unknown>) {
    const idle = await timed(proxy, 0, run);
    const slow = await timed(proxy, LATENCY_MS, run);
    return {
        idle: idle.ms.toFixed(0),
        slow: slow.ms.toFixed(0),
        added: (slow.ms - idle.ms).toFixed(0),
        requests: slow.requests,
    };
}

runBench(async ({ proxy, albs }) => {
    const names = Array.from({ length: Math.max(...POOL_SIZES) }, (_, i) => `bench-alb-${i}`);
    for (const [i, name] of names.entries()) {
        await albs.createBalancer({
            name,
            listeners: [
                { port: 80, rules: 1 },
                { port: 443, rules: i % 7 },
            ],
        });
    }
    // What a placement reads, with nothing reused between runs: the pool, the account's limits and ACM's certificates.
    const engineRun = (pool: string[]) => measurePoolQuotas(pool, {}, new MeasurementCache(), true);
    await engineRun(names); // warm up connections and the SDK
    const budget = Math.round(1.3 * 3 * LATENCY_MS * 10) / 10;
    const table = plainTable([
        "K",
        "engine ms @0",
        `@${LATENCY_MS}`,
        "added",
        `added <= ${budget}?`,
        "requests",
        "baseline ms @0",
        `@${LATENCY_MS}`,
        "added",
        "requests",
    ]);
    for (const k of POOL_SIZES) {
        const pool = names.slice(0, k);
        const engine = await latencyCost(proxy, () => engineRun(pool));
        const baseline = await latencyCost(proxy, () => sequentialBaseline(pool));
        table.push([
            k,
            engine.idle,
            engine.slow,
            engine.added,
            Number(engine.added) <= budget ? "yes" : "NO",
            engine.requests,
            baseline.idle,
            baseline.slow,
            baseline.added,
            baseline.requests,
        ]);
    }
    console.log(
        `Measuring K ALBs (listeners 80 + 443) for placement (with DescribeAccountLimits and ACM ListCertificates) against moto through the fault proxy; median of ${RUNS} runs.`,
    );
    console.log(
        `@0 / @${LATENCY_MS}: wall ms with 0 / ${LATENCY_MS} ms added per request; added: the difference, the cost of sequential round trips.`,
    );
    console.log(table.toString());
    proxy.latencyMs = 0;
    proxy.requests.length = 0;
    await engineRun(names);
    const byAction = new Map<string, number>();
    for (const r of proxy.requests) {
        byAction.set(r.action, (byAction.get(r.action) ?? 0) + 1);
    }
    console.log(
        `Engine requests for K = ${names.length}: ${[...byAction].map(([action, n]) => `${action} ${n}`).join(", ")}.`,
    );
});
