/** The dynamic providers of a make-before-break move: `ScopeMove` (transit, check, DNS switch, drain) and `TransitCleanup`. */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isUnknown } from "./assignment-input-check";
import { ScopeMoveInputs, ScopeMoveOutputs, moveScope } from "./scope-move";
import { TransitCleanupInputs, cleanupTransits } from "./transit-cleanup";
import { deleteTransitIngress, listTransitIngresses } from "./transit-ingress";

/**
 * `ScopeMove`: its create records where the scope's Ingress is; its update, when the assignment names another
 * ALB, carries out the move up to the drain and only then records the target as `servingBalancer`, which the
 * scope's Ingress follows. Until then a rerun repeats the (idempotent) steps.
 */
export const scopeMoveProvider: dynamic.ResourceProvider = {
    async diff(_id, olds, news) {
        // Only another ALB is a move; every other input is taken along at the next move.
        const moves = isUnknown(news.targetBalancer) || news.targetBalancer !== olds.servingBalancer;
        return { changes: moves, replaces: [] };
    },

    async create(inputs: ScopeMoveInputs) {
        return { id: `${inputs.manifest.metadata.namespace}/${inputs.manifest.metadata.name}`, outs: serving(inputs) };
    },

    async update(_id, olds: ScopeMoveOutputs, news: ScopeMoveInputs) {
        if (news.targetBalancer !== olds.servingBalancer) {
            await moveScope(olds.servingBalancer, news);
        }
        return { outs: serving(news) };
    },

    async read(id, props) {
        return { id, props };
    },

    async delete() {
        // The scope's Ingress is deleted by Pulumi; a transit left by an interrupted move goes with TransitCleanup's delete.
    },
};

/**
 * `TransitCleanup`: after the scope's Ingress and its reconciliation check, removes the transit Ingresses of a move. It has work
 * (a change) when the serving ALB changed or transit Ingresses exist, which its diff reads from the cluster, so
 * `pulumi preview` shows it only for a scope that is moving or whose move was interrupted.
 */
export const transitCleanupProvider: dynamic.ResourceProvider = {
    async diff(_id, olds, news) {
        if (isUnknown(news.servingBalancer) || news.servingBalancer !== olds.servingBalancer) {
            return { changes: true, replaces: [] };
        }
        try {
            const ingress = news.ingress as TransitCleanupInputs["ingress"];
            return { changes: (await listTransitIngresses(ingress)).length > 0, replaces: [] };
        } catch {
            // A cluster that cannot be read at preview shows no change; the update of a move reads it again.
            return { changes: false, replaces: [] };
        }
    },

    async create(inputs: TransitCleanupInputs) {
        await cleanupTransits(inputs);
        return { id: `${inputs.ingress.namespace}/${inputs.ingress.name}`, outs: inputs };
    },

    async update(_id, _olds, news: TransitCleanupInputs) {
        await cleanupTransits(news);
        return { outs: news };
    },

    async read(id, props) {
        return { id, props };
    },

    async delete(_id, props: TransitCleanupInputs) {
        // Destroying the scope: nothing is to be served any more, so any transit left goes at once.
        for (const transit of await listTransitIngresses(props.ingress)) {
            await deleteTransitIngress(transit);
        }
    },
};

function serving(inputs: ScopeMoveInputs): ScopeMoveOutputs {
    return { ...inputs, servingBalancer: inputs.targetBalancer, servingAlias: inputs.targetAlias };
}
