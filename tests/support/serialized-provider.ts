/** Captures the `__provider` strings the SDK serializes for a BalancerAssignment and a ScopeCapacityCheck. */
import * as pulumi from "@pulumi/pulumi";
import { BalancerAssignment } from "../../components/balancer-assignment";
import { ScopeCapacityCheck } from "../../components/scope-capacity-check";

/**
 * The exact `__provider` string the SDK serializes for a `BalancerAssignment`, captured under
 * `pulumi.runtime.setMocks` from a real resource registration.
 */
export async function captureSerializedProvider(): Promise<string> {
    let captured: string | undefined;
    await pulumi.runtime.setMocks(
        {
            newResource: args => {
                captured ??= args.inputs.__provider;
                return { id: "captured", state: args.inputs };
            },
            call: args => args.inputs,
        },
        "scope-ingress",
        "test",
        true,
    );
    const resource = new BalancerAssignment("capture", {
        region: "us-east-1",
        visibility: "internet-facing",
        baseBalancer: "alb-1",
    });
    await new Promise<void>(resolve => resource.urn.apply(() => resolve()));
    if (typeof captured !== "string") {
        throw new Error("no __provider was registered for BalancerAssignment");
    }
    return captured;
}

/** The exact `__provider` string the SDK serializes for a `ScopeCapacityCheck`, captured the same way. */
export async function captureSerializedCapacityCheckProvider(): Promise<string> {
    let captured: string | undefined;
    await pulumi.runtime.setMocks(
        {
            newResource: args => {
                captured ??= args.inputs.__provider;
                return { id: "captured", state: args.inputs };
            },
            call: args => args.inputs,
        },
        "scope-ingress",
        "test",
        true,
    );
    const resource = new ScopeCapacityCheck("capture", {
        region: "us-east-1",
        balancerName: "alb-1",
        usage: { rules: 1, targetGroups: 1, certificates: 0, listeners: 2 },
    });
    await new Promise<void>(resolve => resource.urn.apply(() => resolve()));
    if (typeof captured !== "string") {
        throw new Error("no __provider was registered for ScopeCapacityCheck");
    }
    return captured;
}
