/**
 * The demo's last part: a pool that grows. Two full members of pool "edge" in moto, placements coordinated through a
 * Kubernetes API server stand-in, and the controller stand-in building ALBs from anchor Ingresses after a delay: a
 * scope finds the pool full, the pool grows by edge-3 and the scope lands there; the next one meets the maximum.
 */
import { plainTable } from "../bench/bench-world";
import { GROWTH_RECORD_KEY, growthConfigMapName } from "../../core/pool-growth-record";
import {
    POOL_SETTINGS_KEY,
    PoolSettings,
    anchorIngressName,
    poolSettingsConfigMapName,
} from "../../core/pool-settings";
import { AlbFixtures } from "../support/alb-fixtures";
import { ControllerStandIn } from "../support/controller-stand-in";
import { DynamicProviderHost, dynamicUrn } from "../support/dynamic-provider-host";
import { KubernetesApiServer } from "../support/kubernetes-api-server";

const NAMESPACE = "scope-ingress";
const MAX_RULES = 10;
const SETTINGS: PoolSettings = {
    name: "edge",
    visibility: "internet-facing",
    region: "us-east-1",
    namePrefix: "edge",
    maxMembers: 3,
    members: ["edge-1", "edge-2"],
    draining: [],
    anchorNamespace: "scope-ingress-anchors",
    ingressClassName: "alb",
    annotations: { "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]' },
};

/** Runs the growth part of the demo against moto at `motoUrl`, with the serialized `provider`. */
export async function showPoolGrowth(motoUrl: string, albs: AlbFixtures, provider: string): Promise<void> {
    console.log(
        `\nA pool that grows: pool "edge" (members edge-1, edge-2, at most ${SETTINGS.maxMembers}), both at maxRules ${MAX_RULES} already;` +
            "\nplacements coordinated through a Kubernetes API server stand-in, whose controller stand-in builds an ALB 2 s after its anchor Ingress appears.",
    );
    for (const name of SETTINGS.members) {
        await albs.createBalancer({
            name,
            listeners: [
                { port: 80, rules: 0 },
                { port: 443, rules: MAX_RULES },
            ],
        });
    }
    const kube = await KubernetesApiServer.start({ contextName: "demo-cluster" });
    // What the platform stack's BalancerPool publishes in the cluster.
    kube.seed({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: poolSettingsConfigMapName("edge"), namespace: NAMESPACE },
        data: { [POOL_SETTINGS_KEY]: JSON.stringify(SETTINGS) },
    });
    const controller = new ControllerStandIn(kube, { motoUrl, delayMs: 2000, buildBalancers: {} });
    controller.start();
    const host = await DynamicProviderHost.start({ AWS_ENDPOINT_URL: motoUrl, KUBECONFIG: kube.kubeconfigPath });
    const table = plainTable(["scope", "expectedRules", "result"]);
    try {
        for (const scope of ["search-v2", "search-v3"]) {
            const urn = dynamicUrn(`${scope}-assignment`);
            const inputs = {
                __provider: provider,
                region: "us-east-1",
                visibility: "internet-facing",
                baseBalancer: "edge-1",
                additionalBalancers: ["edge-2"],
                maxRules: MAX_RULES,
                expectedRules: MAX_RULES,
                coordinationNamespace: NAMESPACE,
                pool: {
                    ...SETTINGS,
                    members: undefined,
                    anchorNamespace: undefined,
                    ingressClassName: undefined,
                    annotations: undefined,
                },
            };
            console.log(`pulumi up of a scope stack: Create ${scope} ...`);
            const started = Date.now();
            const result = await host.create(urn, (await host.check(urn, {}, inputs)).inputs).then(
                created =>
                    `${created.properties.balancerName} (source: ${created.properties.source}) after ${((Date.now() - started) / 1000).toFixed(1)} s`,
                (err: Error) => `refused: ${/Pool "edge" cannot grow[^.]*\./.exec(err.message)?.[0] ?? err.message}`,
            );
            table.push([scope, String(MAX_RULES), result]);
        }
    } finally {
        await host.stop();
        await controller.stop();
    }
    console.log("  provider log:");
    for (const line of host.stderr.split("\n").filter(l => l.startsWith("scope-ingress: "))) {
        console.log(`    ${line}`);
    }
    console.log(table.toString());
    const record = kube.object("configmaps", NAMESPACE, growthConfigMapName("edge"))?.data as Record<string, string>;
    const grown = (JSON.parse(record[GROWTH_RECORD_KEY]) as { members: { name: string }[] }).members.map(m => m.name);
    console.log(
        `Growth record ${NAMESPACE}/${growthConfigMapName("edge")}: ${grown.join(", ")}; anchor Ingress ` +
            `${SETTINGS.anchorNamespace}/${anchorIngressName("edge-3")}; ALBs the controller built: ${controller.balancersBuilt.join(", ")}.`,
    );
    await kube.close();
}
