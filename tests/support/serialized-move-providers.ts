/** Captures the `__provider` strings the SDK serializes for ScopeMove and TransitCleanup. */
import { ScopeMove, TransitCleanup } from "../../components/scope-move";
import { captureProviders, captureSerializedProvider } from "./serialized-provider";

/** The exact `__provider` strings of a `BalancerAssignment`, a `ScopeMove` and a `TransitCleanup`, captured under mocks from real registrations. */
export async function captureMoveProviders(): Promise<{ assignment: string; move: string; cleanup: string }> {
    const assignment = await captureSerializedProvider();
    const ref = { namespace: "apps", name: "a" };
    const captured = await captureProviders(() => [
        new ScopeMove("capture-move", {
            region: "us-east-1",
            targetBalancer: "alb-1",
            targetArn: "arn",
            targetAlias: { dnsName: "d", zoneId: "z" },
            manifest: {
                metadata: { ...ref, annotations: {}, labels: {} },
                spec: { ingressClassName: "alb", rules: [] },
            },
            hosts: [],
            paths: [],
            rulePorts: [],
            timeoutSeconds: 1,
            drainSeconds: 0,
            aliasRecords: [],
            expectedRules: 1,
        }),
        new TransitCleanup("capture-cleanup", {
            region: "us-east-1",
            servingBalancer: "alb-1",
            servingAlias: { dnsName: "d", zoneId: "z" },
            ingress: ref,
            aliasRecords: [],
            drainSeconds: 0,
            timeoutSeconds: 1,
        }),
    ]);
    return { assignment, move: captured.get("capture-move")!, cleanup: captured.get("capture-cleanup")! };
}
