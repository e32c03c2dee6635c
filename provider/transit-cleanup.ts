/** The end of a move: the transit Ingresses of a scope are removed once nothing needs them, a stale one only after a drain. */
import type { IngressRef } from "../core/assignment-contract";
import { AliasTarget, switchAliases } from "./alias-switch";
import { releaseReservation } from "./coordinated-placement";
import { moveReservationKey, drain } from "./scope-move";
import { deleteTransitIngress, ingressStatusHostname, listTransitIngresses } from "./transit-ingress";

/** Inputs of a `TransitCleanup`. */
export interface TransitCleanupInputs {
    region: string;
    /** The ALB the scope's own Ingress is on (the `ScopeMove`'s `servingBalancer`). */
    servingBalancer: string;
    /** Its alias, to which the records must point before a transit elsewhere is removed. */
    servingAlias: AliasTarget;
    /** The scope's own Ingress. */
    ingress: IngressRef;
    hostedZoneId?: string;
    aliasRecords: string[];
    /** The drain before a transit on another ALB is removed. */
    drainSeconds: number;
    /** How long to wait for the controller to put the scope's own Ingress on the serving ALB. */
    timeoutSeconds: number;
    coordinationNamespace?: string;
}

/**
 * Removes every transit Ingress of the scope, never one that serves a request nothing else would:
 * - the transit on the serving ALB once the scope's own Ingress is deployed there (the controller writes the
 *   ALB into the Ingress's `status.loadBalancer` after deploying its group's rules), so its rules take over;
 * - a transit on another ALB (a move reverted or redirected midway) after the aliases are made to point at the
 *   serving ALB and `drainSeconds` have passed, since resolvers may still hold the alias to that ALB.
 * Idempotent: a rerun finds what is left and finishes it. Ends the move's reservation.
 */
export async function cleanupTransits(inputs: TransitCleanupInputs, log = progressLog): Promise<void> {
    const transits = await listTransitIngresses(inputs.ingress);
    const own = `${inputs.ingress.namespace}/${inputs.ingress.name}`;
    for (const transit of transits.filter(t => t.balancerName === inputs.servingBalancer)) {
        await waitForOwnIngress(inputs, log);
        await deleteTransitIngress(transit);
        log(`Ingress ${own} serves on "${inputs.servingBalancer}"; removed transit Ingress ${transit.name}`);
    }
    const stale = transits.filter(t => t.balancerName !== inputs.servingBalancer);
    if (stale.length > 0) {
        if (inputs.hostedZoneId !== undefined && inputs.aliasRecords.length > 0) {
            await switchAliases(inputs.hostedZoneId, inputs.aliasRecords, inputs.servingAlias, inputs.region);
        }
        const left = [...new Set(stale.map(t => `"${t.balancerName}"`))].join(", ");
        await drain(
            inputs.drainSeconds,
            `the aliases point at "${inputs.servingBalancer}"; ${left} keeps serving resolvers that still hold its alias`,
            log,
        );
        for (const transit of stale) {
            await deleteTransitIngress(transit);
            log(`removed transit Ingress ${transit.name} of ${own} from "${transit.balancerName}"`);
        }
    }
    if (inputs.coordinationNamespace !== undefined && transits.length > 0) {
        // Best effort: an unreleased reservation stops counting once the Ingress is in the group, and expires.
        await releaseReservation({
            namespace: inputs.coordinationNamespace,
            region: inputs.region,
            balancerName: inputs.servingBalancer,
            key: moveReservationKey(inputs.ingress),
        });
    }
}

async function waitForOwnIngress(inputs: TransitCleanupInputs, log: (line: string) => void): Promise<void> {
    const want = plainDnsName(inputs.servingAlias.dnsName);
    const deadline = Date.now() + inputs.timeoutSeconds * 1000;
    for (;;) {
        const hostname = await ingressStatusHostname(inputs.ingress);
        if (hostname !== undefined && plainDnsName(hostname) === want) {
            return;
        }
        if (Date.now() > deadline) {
            throw new Error(
                `Ingress ${inputs.ingress.namespace}/${inputs.ingress.name} is not deployed on ALB "${inputs.servingBalancer}" after ${inputs.timeoutSeconds} s ` +
                    `(its status names ${hostname ?? "no ALB"}); its transit Ingress stays and keeps the scope served. ` +
                    `Look at the Ingress's Events (kubectl describe ingress -n ${inputs.ingress.namespace} ${inputs.ingress.name}), fix what they name, and run pulumi up again.`,
            );
        }
        log(
            `waiting for the controller to deploy Ingress ${inputs.ingress.namespace}/${inputs.ingress.name} on "${inputs.servingBalancer}"`,
        );
        await new Promise(resolve => setTimeout(resolve, Math.min(5_000, Math.max(200, inputs.timeoutSeconds * 50))));
    }
}

/** An ALB DNS name without `dualstack.`, a trailing dot or letter case. */
function plainDnsName(name: string): string {
    return name
        .toLowerCase()
        .replace(/\.$/, "")
        .replace(/^dualstack\./, "");
}

function progressLog(line: string): void {
    console.error(`scope-ingress: ${line}`);
}
