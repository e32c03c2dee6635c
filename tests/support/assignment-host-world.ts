/** The world of the BalancerAssignment host suites: moto, the fault proxy, a Kubernetes API stub and a fresh provider host per test. */
import { AWS_TEST_ENV } from "./aws-test-env";
import { AwsWorld, useAwsWorld } from "./aws-world";
import { DynamicProviderHost, dynamicUrn } from "./dynamic-provider-host";
import { KubernetesApiStub } from "./kubernetes-api-stub";
import { captureSerializedProvider } from "./serialized-provider";

type Props = Record<string, unknown>;

/** moto + fault proxy, a Kubernetes API stub, and a dynamic-provider host pointed at all of them. */
export interface AssignmentHostWorld extends AwsWorld {
    host: DynamicProviderHost;
    kube: KubernetesApiStub;
    /** The `__provider` string a real `BalancerAssignment` serializes. */
    provider: string;
    /** Check then Create, as `pulumi up` does for a new resource; returns the id and outputs. */
    up(name: string, inputs: Props): Promise<{ id: string; urn: string; outputs: Props }>;
}

/**
 * Registers hooks that start a new host for every test: like each `pulumi up`, a test gets a fresh
 * provider process, so no ledger state leaks from one test into the next.
 */
export function useAssignmentHost(): AssignmentHostWorld {
    const world = useAwsWorld() as AssignmentHostWorld;
    before(async function () {
        this.timeout(60_000);
        world.provider = await captureSerializedProvider();
        world.kube = await KubernetesApiStub.start();
    });
    beforeEach(async () => {
        world.kube.ingresses.clear();
        world.kube.requests.length = 0;
        world.kube.failWith = undefined;
        world.kube.hang = false;
        world.host = await DynamicProviderHost.start({
            ...AWS_TEST_ENV,
            AWS_ENDPOINT_URL: world.proxy.url,
            KUBECONFIG: world.kube.kubeconfigPath,
            SCOPE_INGRESS_KUBERNETES_TIMEOUT_SECONDS: "1",
        });
    });
    afterEach(async () => {
        await world.host?.stop();
    });
    after(async () => {
        await world.kube?.close();
    });
    world.up = async (name, inputs) => {
        const urn = dynamicUrn(name);
        const checked = await world.host.check(urn, {}, { __provider: world.provider, ...inputs });
        if (checked.failures.length > 0) {
            throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
        }
        const created = await world.host.create(urn, checked.inputs);
        return { id: created.id, urn, outputs: created.properties };
    };
    return world;
}
