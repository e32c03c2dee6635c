/** Diff, update and read of a `BalancerAssignment`: the stored ALB is kept; only a pin moves it. */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { AssignmentInputs, AssignmentOutputs, SCHEMA_VERSION } from "../core/assignment-contract";
import { Assigned, assignPinned, poolOf } from "./assignment-creation";
import { isUnknown, withInputDefaults } from "./assignment-input-check";
import { describeBalancerAddress } from "./balancer-address";
import { poolDepartureWarning } from "../core/candidate-pool";
import { errorText } from "./aws-errors";
import { releaseAssignment } from "./assignment-release";

/**
 * Reads stored outputs of any schema version as the current one. Version 1 is the first; a later
 * version adds its migration here, so state written by any release stays readable and deletable.
 */
export function upgradeStoredOutputs(stored: Record<string, unknown>): AssignmentOutputs {
    const outputs = withInputDefaults(stored) as unknown as AssignmentOutputs;
    const warnings = outputs.warnings ?? [];
    return {
        ...outputs,
        rulesAtAssignment: outputs.rulesAtAssignment ?? -1,
        warnings,
        // State from before creationWarnings holds the create's warnings in `warnings`, after a refresh
        // mixed with that refresh's, which are recomputed anyway: keep the rest as the create's.
        creationWarnings:
            outputs.creationWarnings ?? warnings.filter(w => !UPKEEP_WARNINGS.some(upkeep => upkeep.test(w))),
        // No record was checked before overwritableRecords existed; the component ignores changes of
        // allowOverwrite, so records created under the old rule keep theirs and show no diff.
        overwritableRecords: outputs.overwritableRecords ?? [],
        schemaVersion: SCHEMA_VERSION,
    };
}

/** The warnings read and update compute afresh every time (pool departure, missing or unreadable ALB). */
const UPKEEP_WARNINGS = [
    /^ALB "[^"]+" is no longer in the \S+ pool \(/,
    /^ALB "[^"]+" no longer exists in /,
    /^ALB "[^"]+" could not be refreshed \(/,
];

/** Inputs whose change means another pool altogether: the scope is placed anew. */
const REPLACING_INPUTS = ["region", "visibility"] as const;

/**
 * The assignment never moves by itself: a changed pool, threshold, rule estimate, strictness or adoption
 * input is reported as no change (so `pulumi preview` shows nothing for the scope and keeps every output
 * known). Only a `pinnedBalancer` naming another ALB is a change, and a new region or visibility a replace.
 */
export function diffAssignment(olds: Record<string, unknown>, news: Record<string, unknown>): dynamic.DiffResult {
    const replaces = REPLACING_INPUTS.filter(k => isUnknown(news[k]) || news[k] !== olds[k]);
    const moves =
        news.pinnedBalancer !== undefined &&
        (isUnknown(news.pinnedBalancer) || news.pinnedBalancer !== olds.balancerName);
    return { changes: replaces.length > 0 || moves, replaces: [...replaces] };
}

/**
 * Keeps `balancerName` unless `pinnedBalancer` names another ALB, and returns every output (what update
 * leaves out vanishes from state). While the scope stays, so do `coordinationNamespace` and `ownIngress` as
 * stored: they say where its reservation was written, which its delete must find even after the inputs changed.
 */
export async function updateAssignment(
    id: string,
    stored: Record<string, unknown>,
    news: AssignmentInputs,
): Promise<AssignmentOutputs> {
    const olds = upgradeStoredOutputs(stored);
    if (news.pinnedBalancer !== undefined && news.pinnedBalancer !== olds.balancerName) {
        // Counted in this process's ledger, not reserved in the cluster: a move is an operator's decision about a
        // scope whose Ingress exists already (and moves with it), so it counts in the ALB's group once updated.
        const moved = await assignPinned(news);
        await releaseAssignment(id, olds);
        // No record was checked against the pinned ALB; the records exist already and only their alias moves.
        return {
            ...news,
            ...moved,
            creationWarnings: moved.warnings,
            overwritableRecords: [],
            schemaVersion: SCHEMA_VERSION,
        };
    }
    const warnings = withCreationWarnings(olds, poolWarnings(news, olds.balancerName));
    const { coordinationNamespace: _namespace, ownIngress: _ingress, ...inputs } = news;
    return {
        ...inputs,
        ...placedWith(olds),
        ...kept(olds),
        creationWarnings: olds.creationWarnings,
        overwritableRecords: olds.overwritableRecords,
        warnings,
        schemaVersion: SCHEMA_VERSION,
    };
}

/**
 * Refresh: keeps the assignment, refreshes the ALB's address when it still exists, and says so in a
 * warning when it does not (DNS and the Ingress still name it; nothing is moved behind the user's back).
 * The create's warnings stay: they describe the choice, which is kept.
 */
export async function readAssignment(stored: Record<string, unknown>): Promise<AssignmentOutputs> {
    const olds = upgradeStoredOutputs(stored);
    const warnings = poolWarnings(olds, olds.balancerName);
    try {
        const address = await describeBalancerAddress(olds.balancerName, { region: olds.region });
        if (address) {
            return {
                ...olds,
                dnsName: address.dnsName,
                canonicalHostedZoneId: address.canonicalHostedZoneId,
                loadBalancerArn: address.arn,
                warnings: withCreationWarnings(olds, warnings),
            };
        }
        warnings.push(
            `ALB "${olds.balancerName}" no longer exists in ${olds.region}; this scope is still assigned to it, so its DNS and Ingress point at nothing. ` +
                "Recreate the ALB, or move the scope with pinnedBalancer.",
        );
    } catch (err) {
        warnings.push(
            `ALB "${olds.balancerName}" could not be refreshed (${errorText(err)}); its stored address was kept.`,
        );
    }
    return { ...olds, warnings: withCreationWarnings(olds, warnings) };
}

/** The create's warnings, which hold as long as the choice does, then `current`, each once. */
function withCreationWarnings(olds: AssignmentOutputs, current: string[]): string[] {
    return [...new Set([...olds.creationWarnings, ...current])];
}

function kept(olds: AssignmentOutputs): Omit<Assigned, "warnings"> {
    const { balancerName, dnsName, canonicalHostedZoneId, loadBalancerArn, source, rulesAtAssignment } = olds;
    return { balancerName, dnsName, canonicalHostedZoneId, loadBalancerArn, source, rulesAtAssignment };
}

/** How the stored scope was placed: where its reservation lives (when coordinated) and which Ingress ends its count. */
function placedWith(olds: AssignmentOutputs): Pick<AssignmentOutputs, "coordinationNamespace" | "ownIngress"> {
    return {
        ...(olds.coordinationNamespace !== undefined && { coordinationNamespace: olds.coordinationNamespace }),
        ...(olds.ownIngress !== undefined && { ownIngress: olds.ownIngress }),
    };
}

function poolWarnings(inputs: AssignmentInputs, balancerName: string): string[] {
    const warning = poolDepartureWarning(balancerName, poolOf(inputs), inputs.pinnedBalancer);
    return warning === undefined ? [] : [warning];
}
