/** Several stacks deploying into one pool at once: one dynamic-provider host per stack, one moto, one Kubernetes API server stand-in. */
import { AWS_TEST_ENV } from "./aws-test-env";
import { AwsWorld, useAwsWorld } from "./aws-world";
import { DynamicProviderHost, dynamicUrn } from "./dynamic-provider-host";
import { KubernetesApiServer } from "./kubernetes-api-server";
import { captureSerializedProvider } from "./serialized-provider";

type Props = Record<string, unknown>;

/** One stack: its own provider process, as each `pulumi up` of a separate stack has. */
export interface Stack {
    name: string;
    host: DynamicProviderHost;
    /** Check then Create of assignment `scope` with `inputs`, as `pulumi up` does for a new resource. */
    create(scope: string, inputs: Props): Promise<{ id: string; urn: string; outputs: Props }>;
    /** Delete of a created assignment, as `pulumi destroy` does. */
    delete(created: { id: string; urn: string; outputs: Props }): Promise<void>;
}

/** What a fleet test works with. */
export interface FleetWorld extends AwsWorld {
    kube: KubernetesApiServer;
    /** Starts `count` stacks at once, each with this process's AWS test environment plus `env`; stopped after the test. */
    stacks(count: number, env?: Record<string, string>): Promise<Stack[]>;
}

/**
 * Registers hooks in the calling `describe`: moto and the fault proxy ({@link useAwsWorld}), a Kubernetes API
 * server stand-in (reset before each test) whose kubeconfig every stack uses, and stacks stopped after each test.
 */
export function useFleet(): FleetWorld {
    const world = useAwsWorld() as FleetWorld;
    let provider: string;
    let started: DynamicProviderHost[] = [];
    before(async function () {
        this.timeout(60_000);
        provider = await captureSerializedProvider();
        world.kube = await KubernetesApiServer.start({ contextName: "fleet-cluster" });
    });
    beforeEach(() => world.kube.reset());
    afterEach(async () => {
        await Promise.all(started.map(h => h.stop()));
        started = [];
    });
    after(async () => {
        await world.kube?.close();
    });
    world.stacks = async (count, env = {}) => {
        const hosts = await Promise.all(
            Array.from({ length: count }, () =>
                DynamicProviderHost.start({
                    ...AWS_TEST_ENV,
                    AWS_ENDPOINT_URL: world.proxy.url,
                    KUBECONFIG: world.kube.kubeconfigPath,
                    SCOPE_INGRESS_KUBERNETES_TIMEOUT_SECONDS: "5",
                    ...env,
                }),
            ),
        );
        started.push(...hosts);
        return hosts.map((host, i) => ({
            name: `stack-${i}`,
            host,
            async create(scope, inputs) {
                const urn = dynamicUrn(`stack-${i}-${scope}`);
                const checked = await host.check(urn, {}, { __provider: provider, ...inputs });
                if (checked.failures.length > 0) {
                    throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
                }
                const created = await host.create(urn, checked.inputs);
                return { id: created.id, urn, outputs: created.properties };
            },
            async delete(created) {
                await host.delete(created.id, created.urn, created.outputs);
            },
        }));
    };
    return world;
}
