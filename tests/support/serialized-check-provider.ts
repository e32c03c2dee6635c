/** Captures the `__provider` string the SDK serializes for a ReconciliationCheck. */
import * as pulumi from "@pulumi/pulumi";
import { ReconciliationCheck } from "../../components/reconciliation-check";

/** The exact `__provider` string of a `ReconciliationCheck`, captured under `pulumi.runtime.setMocks` from a real registration. */
export async function captureCheckProvider(): Promise<string> {
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
    const resource = new ReconciliationCheck("capture", {
        region: "us-east-1",
        balancerName: "alb-1",
        loadBalancerArn: "arn",
        hosts: ["a.example.com"],
        paths: [{ path: "/", pathType: "Prefix" }],
        rulePorts: [443],
        ingress: { namespace: "apps", name: "a" },
        timeoutSeconds: 1,
    });
    await new Promise<void>(resolve => resource.urn.apply(() => resolve()));
    if (typeof captured !== "string") {
        throw new Error("no __provider was registered for ReconciliationCheck");
    }
    return captured;
}
