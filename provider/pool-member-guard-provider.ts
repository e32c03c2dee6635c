/** The `PoolMemberGuard` dynamic provider: a member of a pool is never deleted while a scope's Ingress is on it. */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { scopesOnMembers } from "../core/pool-membership";
import { listPoolIngresses } from "./pool-cluster-reading";

/** The inputs (and outputs) of a guard: the member it stands for. */
export interface PoolMemberGuardInputs {
    /** The pool's name. */
    pool: string;
    /** The member ALB. */
    member: string;
}

/**
 * The provider behind `PoolMemberGuard`, reached through `pulumi-scope-ingress/provider`. Creating, reading and
 * updating touch nothing; deleting lists the cluster's Ingresses and refuses while any Ingress other than the
 * anchor names the member in `group.name`, so the anchor (deleted after its guard) and the ALB stay.
 */
export const poolMemberGuardProvider: dynamic.ResourceProvider = {
    async create(inputs: PoolMemberGuardInputs) {
        return { id: `${inputs.pool}/${inputs.member}`, outs: { pool: inputs.pool, member: inputs.member } };
    },

    async diff(_id, olds: PoolMemberGuardInputs, news: PoolMemberGuardInputs) {
        const replaces = (["pool", "member"] as const).filter(key => olds[key] !== news[key]);
        return { changes: replaces.length > 0, replaces };
    },

    async delete(_id, props: PoolMemberGuardInputs) {
        const subject = `BalancerPool "${props.pool}" member ${props.member}`;
        const ingresses = await listPoolIngresses(subject, "checking that no scope is left before deleting the member");
        const scopes = scopesOnMembers([props.member], ingresses).get(props.member) ?? [];
        if (scopes.length > 0) {
            throw new Error(
                `${subject} still has ${scopes.length} scope(s): ${scopes.join(", ")}. The member and its ALB are kept. ` +
                    "Move the scopes (pinnedBalancer) or delete them first; mark the member draining so that no new scope goes there.",
            );
        }
    },
};
