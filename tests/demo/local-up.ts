/**
 * `npm run demo`: the main job on a local default. Starts moto, creates a pool of three ALBs with some
 * rules, and places scopes through @pulumi/pulumi's dynamic-provider host exactly as `pulumi up` drives
 * it (Check, Create); then a second deployment with a grown pool runs Check, Diff and Update for every
 * scope and shows that each keeps its ALB, while new scopes go to the least-loaded one. It ends with each
 * ALB's rules before and after, measured in moto, and says why least-loaded spreads rules, not scopes. Then a
 * full pool grows by one member through the cluster (see pool-growth-demo), and last it moves one scope
 * make-before-break between two ALBs while a client counts failed requests (see move-demo).
 */
import { plainTable } from "../bench/bench-world";
import { measureBalancers } from "../../provider/balancer-measurement";
import { DEFAULT_MAX_RULES } from "../../core/rule-limits";
import { AlbFixtures, CreatedBalancer } from "../support/alb-fixtures";
import { AWS_TEST_ENV } from "../support/aws-test-env";
import { DynamicProviderHost, dynamicUrn } from "../support/dynamic-provider-host";
import { motoServer, stopMotoServer } from "../support/moto-server";
import { captureSerializedProvider } from "../support/serialized-provider";
import { showPoolGrowth } from "./pool-growth-demo";
import { demoMove } from "./move-demo";

type Props = Record<string, unknown>;

const FIRST_SCOPES: [string, number][] = [
    ["checkout-api", 2],
    ["payments", 1],
    ["catalog", 3],
    ["search", 1],
    ["accounts", 2],
    ["orders", 1],
    ["reviews", 1],
    ["shipping", 2],
];
const LATER_SCOPES: [string, number][] = [
    ["loyalty", 1],
    ["returns", 2],
];

const STARTING_RULES: [string, number][] = [
    ["alb-public-1", 40],
    ["alb-public-2", 18],
    ["alb-public-3", 25],
];

/** Starts moto, printing a dot a second while it comes up: a first start can take several seconds. */
async function startMoto(): Promise<string> {
    const started = Date.now();
    process.stdout.write("Starting moto (python3 -m moto.server), the local AWS stand-in ");
    const ticker = setInterval(() => process.stdout.write("."), 1000);
    try {
        const { url } = await motoServer();
        console.log(" ready at %s after %ss", url, ((Date.now() - started) / 1000).toFixed(1));
        return url;
    } finally {
        clearInterval(ticker);
    }
}

async function main(): Promise<void> {
    Object.assign(process.env, AWS_TEST_ENV);
    const motoUrl = await startMoto();
    const albs = new AlbFixtures(motoUrl);
    const pool: Record<string, CreatedBalancer> = {};
    console.log(
        "Creating the pool in moto: %s; maxRules %d",
        STARTING_RULES.map(([name, rules]) => `${name} (${rules} rules)`).join(", "),
        DEFAULT_MAX_RULES,
    );
    for (const [name, rules] of STARTING_RULES) {
        pool[name] = await albs.createBalancer({
            name,
            listeners: [
                { port: 80, rules: 0 },
                { port: 443, rules },
            ],
        });
    }
    const placements: { deployment: 1 | 2; alb: string; rules: number }[] = [];
    /** The scopes and rules placed on `alb`, in `deployment` or in both. */
    const placedOn = (alb: string, deployment?: 1 | 2) =>
        placements
            .filter(p => p.alb === alb && (deployment === undefined || p.deployment === deployment))
            .reduce((total, p) => ({ scopes: total.scopes + 1, rules: total.rules + p.rules }), {
                scopes: 0,
                rules: 0,
            });

    // Priorities for the rules the "controller" adds, above the pool's own and never reused: random ones could collide (PriorityInUse).
    let nextPriority = 1000;
    const takePriorities = (count: number) => (nextPriority += count) - count;
    const provider = await captureSerializedProvider();
    const inputs = (additional: string[], expectedRules: number): Props => ({
        __provider: provider,
        region: "us-east-1",
        visibility: "internet-facing",
        baseBalancer: "alb-public-1",
        additionalBalancers: additional,
        expectedRules,
    });
    const state = new Map<string, { id: string; inputs: Props; outputs: Props }>();

    // Deployment 1: one provider process, every scope created at once.
    console.log(
        "\npulumi up #1: starting a provider process, then Check and Create for %d scopes at once ...",
        FIRST_SCOPES.length,
    );
    let host = await DynamicProviderHost.start({ AWS_ENDPOINT_URL: motoUrl });
    const first = plainTable(["scope", "rules", "ALB", "source", "rules on ALB at assignment"]);
    await Promise.all(
        FIRST_SCOPES.map(async ([scope, rules]) => {
            const urn = dynamicUrn(`${scope}-assignment`);
            const checked = await host.check(urn, {}, inputs(["alb-public-2", "alb-public-3"], rules));
            const created = await host.create(urn, checked.inputs);
            state.set(scope, { id: created.id, inputs: checked.inputs, outputs: created.properties });
        }),
    );
    for (const [scope, rules] of FIRST_SCOPES) {
        const o = state.get(scope)!.outputs;
        first.push([scope, rules, o.balancerName, o.source, o.rulesAtAssignment].map(String));
        placements.push({ deployment: 1, alb: o.balancerName as string, rules });
    }
    await host.stop();
    console.log(first.toString());

    // Between deployments the controller adds the rules, and the operator adds an empty ALB to the pool.
    for (const { outputs } of state.values()) {
        const alb = pool[outputs.balancerName as string];
        await albs.addRules(
            alb.listenerArns[1],
            outputs.expectedRules as number,
            takePriorities(outputs.expectedRules as number),
        );
    }
    pool["alb-public-4"] = await albs.createBalancer({ name: "alb-public-4" });
    const grown = ["alb-public-2", "alb-public-3", "alb-public-4"];

    // Deployment 2: a new provider process. Existing scopes: Check, Diff, and Update only if Diff reports a
    // change, as the engine does; then a refresh (Read) re-reads each stored assignment.
    console.log("\nThe controller adds those rules; the pool grows by the empty alb-public-4.");
    console.log(
        "pulumi up #2 and refresh: a new provider process; Check, Diff, then Read for each scope, Create for new ones ...",
    );
    host = await DynamicProviderHost.start({ AWS_ENDPOINT_URL: motoUrl });
    const second = plainTable(["scope", "ALB before", "diff", "ALB after", "kept?", "source"]);
    for (const [scope, rules] of FIRST_SCOPES) {
        const urn = dynamicUrn(`${scope}-assignment`);
        const old = state.get(scope)!;
        const checked = await host.check(urn, old.inputs, inputs(grown, rules));
        const diff = await host.diff(old.id, urn, old.outputs, checked.inputs);
        const stored =
            diff.changes === "none" ? old.outputs : await host.update(old.id, urn, old.outputs, checked.inputs);
        const refreshed = (await host.read(old.id, urn, stored)).properties;
        second.push(
            [
                scope,
                old.outputs.balancerName,
                diff.changes + (diff.replaces.length ? ` (replace ${diff.replaces})` : ""),
                refreshed.balancerName,
                refreshed.balancerName === old.outputs.balancerName ? "yes" : "NO",
                refreshed.source,
            ].map(String),
        );
    }
    for (const [scope, rules] of LATER_SCOPES) {
        const urn = dynamicUrn(`${scope}-assignment`);
        const created = (await host.create(urn, (await host.check(urn, {}, inputs(grown, rules))).inputs)).properties;
        // A new scope has nothing to keep: its row says so, and how it was placed.
        second.push([`${scope} (new)`, "-", "create", created.balancerName, "- (new)", created.source].map(String));
        placements.push({ deployment: 2, alb: created.balancerName as string, rules });
        await albs.addRules(pool[created.balancerName as string].listenerArns[1], rules, takePriorities(rules));
    }
    await host.stop();
    console.log(second.toString());

    // Measured the way the provider measures, after the controller has added every placed scope's rules.
    const names = [...STARTING_RULES.map(([name]) => name), "alb-public-4"];
    process.env.AWS_ENDPOINT_URL = motoUrl;
    const after = new Map(
        (await measureBalancers(names, { region: "us-east-1" })).map(m => [
            m.name,
            m.kind === "measured" ? String(m.rules) : `not measured (${m.kind})`,
        ]),
    );
    const totals = plainTable(["ALB", "rules before", "scopes placed", "rules after", "threshold"]);
    for (const name of names) {
        const before = STARTING_RULES.find(([alb]) => alb === name)?.[1];
        const { scopes, rules } = placedOn(name);
        totals.push([
            name,
            before === undefined ? "0 (new in #2)" : String(before),
            `${scopes} (${rules} rules)`,
            after.get(name)!,
            String(DEFAULT_MAX_RULES),
        ]);
    }
    console.log("\nEvery ALB at the end (rules after: measured in moto, as the provider measures):");
    console.log(totals.toString());
    console.log(
        whyThisSpread(
            placedOn,
            placements.filter(p => p.deployment === 2).map(p => p.alb),
        ),
    );
    await showPoolGrowth(motoUrl, albs, provider);
    await demoMove(motoUrl, albs);
    await stopMotoServer();
}

/**
 * Why deployment 1 spread its scopes as it did, from the numbers of this run: least-loaded evens out rules, not
 * scope counts, so an ALB that starts with more rules than the others reach takes no scope at all.
 */
function whyThisSpread(
    placedOn: (alb: string, deployment?: 1 | 2) => { scopes: number; rules: number },
    secondAlbs: string[],
): string {
    const first = STARTING_RULES.map(([name, before]) => ({ name, before, ...placedOn(name, 1) }));
    const after = first.map(alb => alb.before + alb.rules);
    const skipped = first.filter(alb => alb.scopes === 0);
    const reached = Math.max(...first.filter(alb => alb.scopes > 0).map(alb => alb.before + alb.rules));
    return [
        `Why #1 placed ${first.map(alb => alb.scopes).join(" / ")} scopes on ${first.map(alb => alb.name).join(" / ")}:`,
        "least-loaded evens out rules, not scope counts. Each scope goes to the ALB with the fewest",
        "rules at that moment (a tie goes to the earlier ALB of the pool), so the emptier ALBs take",
        `scopes until they catch up: from ${first.map(alb => alb.before).join(" / ")} rules to ${after.join(" / ")}.`,
        ...skipped.map(alb =>
            alb.before > reached
                ? `${alb.name} started with ${alb.before} rules, more than the others ever reached (${reached}), so it took none.`
                : `${alb.name} never had the fewest rules when a scope was placed, so it took none.`,
        ),
        `In #2 the new scopes went to ${[...new Set(secondAlbs)].join(", ")}, the ALB with the fewest rules.`,
    ].join("\n");
}

main().catch(async err => {
    console.error(err);
    await stopMotoServer();
    process.exit(1);
});
