/** The demo's last part: one scope moved make-before-break between two ALBs while a client counts failed requests. */
import { AlbFixtures } from "../support/alb-fixtures";
import { ClientStandIn } from "../support/client-stand-in";
import { ControllerStandIn } from "../support/controller-stand-in";
import { DynamicProviderHost } from "../support/dynamic-provider-host";
import { KubernetesApiServer } from "../support/kubernetes-api-server";
import { MoveStack } from "../support/move-deployment";
import { createZone } from "../support/route53-fixtures";
import { captureMoveProviders } from "../support/serialized-move-providers";

const HOST = "checkout.apps.example.com";
const TTL_MS = 1_000;
const DRAIN_SECONDS = 2;

/** Deploys a scope on one ALB, moves it to another with a client sending requests throughout, and prints the tally. */
export async function demoMove(motoUrl: string, albs: AlbFixtures): Promise<void> {
    const from = await albs.createBalancer({ name: "alb-move-from" });
    const to = await albs.createBalancer({ name: "alb-move-to" });
    const zoneId = await createZone(motoUrl, "apps.example.com");
    const kube = await KubernetesApiServer.start({ contextName: "demo-cluster" });
    const controller = new ControllerStandIn(kube, { motoUrl, delayMs: 300 });
    controller.start();
    const scope = new MoveStack({
        motoUrl,
        kube,
        providers: await captureMoveProviders(),
        zoneId,
        hostname: HOST,
        paths: [{ path: "/", pathType: "Prefix" }],
        drainSeconds: DRAIN_SECONDS,
    });
    const up = async (target: typeof from) => {
        const host = await DynamicProviderHost.start({ AWS_ENDPOINT_URL: motoUrl, KUBECONFIG: kube.kubeconfigPath });
        try {
            await scope.up(host, target);
        } finally {
            await host.stop();
        }
    };
    try {
        console.log(
            `\nMoving a scope: ${HOST} on ${from.name}, then pinnedBalancer: "${to.name}", while a client resolves its alias ` +
                `(TTL compressed to ${TTL_MS / 1000} s, drain ${DRAIN_SECONDS} s) and sends requests ...`,
        );
        await up(from);
        await controller.settled();
        const client = new ClientStandIn({ motoUrl, zoneId, hostname: HOST, ttlMs: TTL_MS });
        client.start();
        const started = Date.now();
        await up(to);
        await controller.settled();
        await new Promise(resolve => setTimeout(resolve, TTL_MS + 300));
        const tally = await client.stop();
        const transits = kube.objects("ingresses").filter(i => i.metadata.name !== "checkout").length;
        console.log(
            `  steps of the move (${((Date.now() - started) / 1000).toFixed(1)} s): ${scope.steps.slice(-5).join(" -> ")}`,
        );
        console.log(
            `  requests: ${tally.sent} sent, ${tally.failed} failed; served by ${tally.balancers.join(" then ")}`,
        );
        console.log(`  left behind: ${transits} transit Ingress(es); the Ingress is in ${to.name}'s group`);
        for (const failure of tally.failures.slice(0, 3)) {
            console.log(`  failed: ${failure}`);
        }
    } finally {
        await controller.stop();
        await kube.close();
    }
}
