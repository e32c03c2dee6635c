/**
 * `npm run demo`: the main job on a local default. Starts moto, creates a pool of three ALBs with some
 * rules, and places scopes through @pulumi/pulumi's dynamic-provider host exactly as `pulumi up` drives
 * it (Check, Create); then a second deployment with a grown pool runs Check, Diff and Update for every
 * scope and shows that each keeps its ALB, while new scopes go to the emptiest one.
 */
import { plainTable } from "../bench/bench-world";
import { AlbFixtures, CreatedBalancer } from "../support/alb-fixtures";
import { AWS_TEST_ENV } from "../support/aws-test-env";
import { DynamicProviderHost, dynamicUrn } from "../support/dynamic-provider-host";
import { motoServer, stopMotoServer } from "../support/moto-server";
import { captureSerializedProvider } from "../support/serialized-provider";

type Props = Record<string, unknown>;

const FIRST_SCOPES: [string, number][] = [["checkout-api", 2], ["payments", 1], ["catalog", 3], ["search", 1], ["accounts", 2], ["orders", 1], ["reviews", 1], ["shipping", 2]];
const LATER_SCOPES: [string, number][] = [["loyalty", 1], ["returns", 2]];

async function main(): Promise<void> {
    Object.assign(process.env, AWS_TEST_ENV);
    const moto = await motoServer();
    const albs = new AlbFixtures(moto.url);
    const pool: Record<string, CreatedBalancer> = {};
    for (const [name, rules] of [["alb-public-1", 40], ["alb-public-2", 18], ["alb-public-3", 25]] as const) {
        pool[name] = await albs.createBalancer({ name, listeners: [{ port: 80, rules: 0 }, { port: 443, rules }] });
    }
    console.log("moto at %s; pool: alb-public-1 (40 rules), alb-public-2 (18), alb-public-3 (25); maxRules 75\n", moto.url);

    const provider = await captureSerializedProvider();
    const inputs = (additional: string[], expectedRules: number): Props => ({
        __provider: provider, region: "us-east-1", visibility: "internet-facing",
        baseBalancer: "alb-public-1", additionalBalancers: additional, expectedRules,
    });
    const state = new Map<string, { id: string; inputs: Props; outputs: Props }>();

    // Deployment 1: one provider process, every scope created at once.
    let host = await DynamicProviderHost.start({ AWS_ENDPOINT_URL: moto.url });
    const first = plainTable(["scope", "rules", "ALB", "source", "rules on ALB at assignment"]);
    await Promise.all(FIRST_SCOPES.map(async ([scope, rules]) => {
        const urn = dynamicUrn(`${scope}-assignment`);
        const checked = await host.check(urn, {}, inputs(["alb-public-2", "alb-public-3"], rules));
        const created = await host.create(urn, checked.inputs);
        state.set(scope, { id: created.id, inputs: checked.inputs, outputs: created.properties });
    }));
    for (const [scope, rules] of FIRST_SCOPES) {
        const o = state.get(scope)!.outputs;
        first.push([scope, rules, o.balancerName, o.source, o.rulesAtAssignment].map(String));
    }
    await host.stop();
    console.log("pulumi up #1 (Check, Create for each scope, all in one provider process):");
    console.log(first.toString());

    // Between deployments the controller adds the rules, and the operator adds an empty ALB to the pool.
    for (const { outputs } of state.values()) {
        const alb = pool[outputs.balancerName as string];
        await albs.addRules(alb.listenerArns[1], outputs.expectedRules as number, 1000 + Math.floor(Math.random() * 40000));
    }
    await albs.createBalancer({ name: "alb-public-4" });
    const grown = ["alb-public-2", "alb-public-3", "alb-public-4"];

    // Deployment 2: a new provider process. Existing scopes: Check, Diff, and Update only if Diff reports a
    // change, as the engine does; then a refresh (Read) re-reads each stored assignment.
    host = await DynamicProviderHost.start({ AWS_ENDPOINT_URL: moto.url });
    const second = plainTable(["scope", "ALB before", "diff", "ALB after refresh", "kept?"]);
    for (const [scope, rules] of FIRST_SCOPES) {
        const urn = dynamicUrn(`${scope}-assignment`);
        const old = state.get(scope)!;
        const checked = await host.check(urn, old.inputs, inputs(grown, rules));
        const diff = await host.diff(old.id, urn, old.outputs, checked.inputs);
        const stored = diff.changes === "none" ? old.outputs : await host.update(old.id, urn, old.outputs, checked.inputs);
        const refreshed = (await host.read(old.id, urn, stored)).properties;
        second.push([scope, old.outputs.balancerName, diff.changes + (diff.replaces.length ? ` (replace ${diff.replaces})` : ""),
            refreshed.balancerName, refreshed.balancerName === old.outputs.balancerName ? "yes" : "NO"].map(String));
    }
    for (const [scope, rules] of LATER_SCOPES) {
        const urn = dynamicUrn(`${scope}-assignment`);
        const created = await host.create(urn, (await host.check(urn, {}, inputs(grown, rules))).inputs);
        second.push([`${scope} (new)`, "-", "create", created.properties.balancerName, created.properties.source].map(String));
    }
    await host.stop();
    console.log("\npulumi up #2 and refresh (pool grew by the empty alb-public-4; Check, Diff, then Read for each scope):");
    console.log(second.toString());
    await stopMotoServer();
}

main().catch(async err => {
    console.error(err);
    await stopMotoServer();
    process.exit(1);
});
