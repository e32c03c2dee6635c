/** The `PoolMemberGuard` dynamic resource: one per pool member, whose delete refuses while scopes are on the member. */
import * as pulumi from "@pulumi/pulumi";

/** Inputs of a {@link PoolMemberGuard}. */
export interface PoolMemberGuardArgs {
    /** The pool's name. */
    pool: pulumi.Input<string>;
    /** The member ALB it guards. */
    member: pulumi.Input<string>;
}

// As BalancerAssignment's: a few lines that `require` the installed package, capturing nothing.
const poolMemberGuardProvider: pulumi.dynamic.ResourceProvider = {
    create: inputs => implementation().create(inputs),
    diff: (id, olds, news) => implementation().diff!(id, olds, news),
    delete: (id, props) => implementation().delete!(id, props),
};

function implementation(): pulumi.dynamic.ResourceProvider {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time from the program's node_modules, never captured into state
    return require("pulumi-scope-ingress/provider").poolMemberGuardProvider;
}

/**
 * Stands for one member of a `BalancerPool`. It depends on the member's anchor Ingress, so the engine deletes it
 * first; its delete fails, listing them, while any scope's Ingress is on the member, and the anchor then stays.
 */
export class PoolMemberGuard extends pulumi.dynamic.Resource {
    /** The pool's name. */
    public readonly pool!: pulumi.Output<string>;
    /** The member ALB. */
    public readonly member!: pulumi.Output<string>;

    constructor(name: string, args: PoolMemberGuardArgs, opts?: pulumi.CustomResourceOptions) {
        super(poolMemberGuardProvider, name, { ...args }, opts, "scope-ingress", "PoolMemberGuard");
    }
}
