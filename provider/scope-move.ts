/** A make-before-break move of a scope to another ALB, up to the moment its own Ingress may follow: transit Ingress, check, DNS switch, drain. */
import { createHash } from "node:crypto";
import type { Usage } from "../core/quota-dimensions";
import type { RoutePath } from "../core/served-routes";
import { AliasTarget, switchAliases } from "./alias-switch";
import { reserveNamed } from "./coordinated-placement";
import { waitUntilServed } from "./reconciliation-wait";
import { ScopeIngressManifest, ensureTransitIngress } from "./transit-ingress";

/** Inputs of a `ScopeMove`. */
export interface ScopeMoveInputs {
    region: string;
    /** The assignment's ALB: where the scope must end up. */
    targetBalancer: string;
    /** That ALB's ARN, by which the check reads its rules. */
    targetArn: string;
    /** The alias of that ALB as the scope's records write it. */
    targetAlias: AliasTarget;
    /** The scope's Ingress (its balancer annotations are set per ALB). */
    manifest: ScopeIngressManifest;
    hosts: string[];
    paths: RoutePath[];
    rulePorts: number[];
    /** How long the check on the target may wait. */
    timeoutSeconds: number;
    /** How long the old ALB keeps serving after the DNS switch: the alias TTL (60 s) plus a margin. */
    drainSeconds: number;
    /** The zone of the scope's records; undefined without records. */
    hostedZoneId?: string;
    /** The scope's records, `"A <hostname>"`; empty without records. */
    aliasRecords: string[];
    /** Where the target's capacity is reserved for the move; undefined when placements are not coordinated. */
    coordinationNamespace?: string;
    /** The rules the scope adds, reserved on the target. */
    expectedRules: number;
    /** What the scope adds in every quota dimension, reserved on the target; absent (older state): its rules only. */
    usage?: Usage;
}

/** Outputs of a `ScopeMove`: its inputs, and the ALB the scope's own Ingress is to be on. */
export interface ScopeMoveOutputs extends ScopeMoveInputs {
    /** Where the scope's own Ingress belongs: the target once a move is through its drain. */
    servingBalancer: string;
    /** The alias of `servingBalancer`. */
    servingAlias: AliasTarget;
}

/**
 * Moves the scope from `from` to the target, every step idempotent so that a rerun after an interruption
 * completes it: reserve the target's capacity (with coordination), create the transit Ingress on the target,
 * wait until the target routes every host and path, switch the aliases, then keep the old ALB serving for
 * `drainSeconds` while resolvers drop the old alias. The scope's own Ingress is still on `from` throughout.
 */
export async function moveScope(from: string, inputs: ScopeMoveInputs, log = progressLog): Promise<void> {
    const target = inputs.targetBalancer;
    const own = { namespace: inputs.manifest.metadata.namespace, name: inputs.manifest.metadata.name };
    log(`moving Ingress ${own.namespace}/${own.name} from ALB "${from}" to "${target}" (make-before-break)`);
    if (inputs.coordinationNamespace !== undefined) {
        await reserveNamed({
            namespace: inputs.coordinationNamespace,
            region: inputs.region,
            balancerName: target,
            key: moveReservationKey(own),
            rules: inputs.expectedRules,
            ...(inputs.usage && { usage: inputs.usage }),
            ingress: own,
        });
        log(`reserved ${inputs.expectedRules} rule(s) on "${target}" for the move`);
    }
    const transit = await ensureTransitIngress(inputs.manifest, target);
    log(`transit Ingress ${transit.namespace}/${transit.name} is on "${target}"; waiting until it routes the scope`);
    await waitUntilServed(
        {
            region: inputs.region,
            balancerName: target,
            loadBalancerArn: inputs.targetArn,
            hosts: inputs.hosts,
            paths: inputs.paths,
            rulePorts: inputs.rulePorts,
            ingress: transit,
            timeoutSeconds: inputs.timeoutSeconds,
        },
        log,
    );
    if (inputs.hostedZoneId !== undefined && inputs.aliasRecords.length > 0) {
        await switchAliases(inputs.hostedZoneId, inputs.aliasRecords, inputs.targetAlias, inputs.region);
        log(
            `aliases ${inputs.aliasRecords.join(", ")} now point at "${target}"; "${from}" keeps serving for ${inputs.drainSeconds} s`,
        );
        await drain(inputs.drainSeconds, `ALB "${from}" serves resolvers that still hold its alias`, log);
    }
}

/**
 * The key of a move's reservation: one per scope Ingress, so a rerun rewrites it rather than adding another. A
 * ConfigMap data key (letters, digits, `-`, `_`, `.`, at most 253), hashed when the names make it longer.
 */
export function moveReservationKey(own: { namespace: string; name: string }): string {
    const key = `move.${own.namespace}.${own.name}`;
    return key.length <= 253 ? key : `move.${createHash("sha256").update(key).digest("hex")}`;
}

/** Waits `seconds`, with a progress line every 15 s. */
export async function drain(seconds: number, why: string, log: (line: string) => void): Promise<void> {
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
        log(`draining: ${why}; ${Math.ceil((end - Date.now()) / 1000)} s left`);
        await new Promise(resolve => setTimeout(resolve, Math.min(15_000, end - Date.now())));
    }
}

function progressLog(line: string): void {
    console.error(`scope-ingress: ${line}`);
}
