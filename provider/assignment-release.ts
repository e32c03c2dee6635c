/** Gives back the rules a stored assignment holds in this process's ledger or in the cluster's reservations, when it is deleted or moved. */
import type { AssignmentOutputs } from "../core/assignment-contract";
import { releaseReservation } from "./coordinated-placement";
import { processLedger } from "./process-ledger";
import { heldUsage } from "./assignment-creation";

/**
 * Whether a source's rules were reserved in the cluster when the assignment was created with a coordination
 * namespace: every source but an adoption, whose Ingress already counts in the cluster. A pin created before
 * pins reserved, or moved there by an update (counted in that process's ledger), has no reservation, and its
 * removal finds nothing to remove.
 */
function reservedInCluster(source: AssignmentOutputs["source"]): boolean {
    return !source.startsWith("adopted-");
}

/**
 * Frees the rules assignment `id` holds: a coordinated placement's reservation is removed from its ALB's
 * ConfigMap (at once, not at its expiry), and so is a coordinated pin's; anything else (no coordination, an
 * adoption) is given back to this process's ledger, where it was counted.
 */
export async function releaseAssignment(id: string, stored: AssignmentOutputs): Promise<void> {
    if (stored.coordinationNamespace !== undefined && reservedInCluster(stored.source)) {
        await releaseReservation({
            namespace: stored.coordinationNamespace,
            region: stored.region,
            balancerName: stored.balancerName,
            key: id,
        });
        return;
    }
    processLedger(stored.region).release(stored.balancerName, heldUsage(stored));
}
