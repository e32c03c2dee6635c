/** Captures the `__provider` strings the SDK serializes for the package's dynamic resources, from real registrations under mocks. */
import * as pulumi from "@pulumi/pulumi";
import { BalancerAssignment } from "../../components/balancer-assignment";
import { ReconciliationCheck } from "../../components/reconciliation-check";
import { ScopeCapacityCheck } from "../../components/scope-capacity-check";

/**
 * The exact `__provider` string of every resource `register` registers, by resource name, captured under
 * `pulumi.runtime.setMocks` once each registration has settled.
 */
export async function captureProviders(register: () => pulumi.Resource[]): Promise<Map<string, string>> {
    const captured = new Map<string, string>();
    await pulumi.runtime.setMocks(
        {
            newResource: args => {
                captured.set(args.name, args.inputs.__provider);
                return { id: "captured", state: args.inputs };
            },
            call: args => args.inputs,
        },
        "scope-ingress",
        "test",
        true,
    );
    const resources = register();
    await Promise.all(resources.map(r => new Promise<void>(resolve => r.urn.apply(() => resolve()))));
    return captured;
}

/** The `__provider` of the one resource `register` makes, named "capture"; `kind` names it in the error. */
async function captureOne(kind: string, register: () => pulumi.Resource): Promise<string> {
    const captured = (await captureProviders(() => [register()])).get("capture");
    if (typeof captured !== "string") {
        throw new Error(`no __provider was registered for ${kind}`);
    }
    return captured;
}

/** The exact `__provider` string the SDK serializes for a `BalancerAssignment`. */
export function captureSerializedProvider(): Promise<string> {
    return captureOne(
        "BalancerAssignment",
        () =>
            new BalancerAssignment("capture", {
                region: "us-east-1",
                visibility: "internet-facing",
                baseBalancer: "alb-1",
            }),
    );
}

/** The exact `__provider` string the SDK serializes for a `ScopeCapacityCheck`. */
export function captureSerializedCapacityCheckProvider(): Promise<string> {
    return captureOne(
        "ScopeCapacityCheck",
        () =>
            new ScopeCapacityCheck("capture", {
                region: "us-east-1",
                balancerName: "alb-1",
                usage: { rules: 1, targetGroups: 1, certificates: 0, listeners: 2 },
            }),
    );
}

/** The exact `__provider` string the SDK serializes for a `ReconciliationCheck`. */
export function captureCheckProvider(): Promise<string> {
    return captureOne(
        "ReconciliationCheck",
        () =>
            new ReconciliationCheck("capture", {
                region: "us-east-1",
                balancerName: "alb-1",
                loadBalancerArn: "arn",
                hosts: ["a.example.com"],
                paths: [{ path: "/", pathType: "Prefix" }],
                rulePorts: [443],
                ingress: { namespace: "apps", name: "a" },
                timeoutSeconds: 1,
            }),
    );
}
