/** The `BalancerAssignment` dynamic provider: the `ResourceProvider` the serialized provider `require`s. */
import { randomUUID } from "node:crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { AssignmentInputs } from "../core/assignment-contract";
import { createAssignment } from "./assignment-creation";
import { checkAssignmentInputs } from "./assignment-input-check";
import { diffAssignment, readAssignment, updateAssignment, upgradeStoredOutputs } from "./assignment-upkeep";
import { releaseAssignment } from "./assignment-release";

/**
 * The `BalancerAssignment` dynamic provider, reached by the serialized provider through the package path
 * `pulumi-scope-ingress/provider`. Runs in Pulumi's dynamic-provider process; nothing here is captured
 * into state.
 */
export const balancerAssignmentProvider: dynamic.ResourceProvider = {
    async check(_olds, news) {
        return checkAssignmentInputs(news);
    },

    async diff(_id, olds, news) {
        return diffAssignment(olds, news);
    },

    async create(inputs: AssignmentInputs) {
        // The id is known before the placement: a coordinated placement's reservation is kept under it.
        const id = randomUUID();
        return { id, outs: await createAssignment(inputs, id) };
    },

    async read(id, props) {
        return { id, props: await readAssignment(props) };
    },

    async update(id, olds, news: AssignmentInputs) {
        return { outs: await updateAssignment(id, olds, news) };
    },

    async delete(id, props) {
        // An assignment lives in Pulumi state only: deleting it changes nothing in the cloud, but frees its
        // rules for scopes placed later in this deployment, and in every stack when its placement was coordinated.
        await releaseAssignment(id, upgradeStoredOutputs(props));
    },
};

// The other dynamic resources' providers are reached through the same package path, so the package keeps one
// provider entry point.
export { scopeCapacityCheckProvider } from "./scope-capacity-check-provider";
export { poolMemberGuardProvider } from "./pool-member-guard-provider";
